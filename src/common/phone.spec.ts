import { normalizeChinesePhone } from './phone';

describe('normalizeChinesePhone', () => {
  describe('accepts mobiles (1[3-9] + 9 digits) and returns the 11 digits', () => {
    it.each([
      ['13812345678', '13812345678'],
      ['13012345678', '13012345678'],
      ['14912345678', '14912345678'],
      ['15912345678', '15912345678'],
      ['16612345678', '16612345678'],
      ['17712345678', '17712345678'],
      ['18812345678', '18812345678'],
      ['19912345678', '19912345678'],
      ['138 1234 5678', '13812345678'],
      ['138-1234-5678', '13812345678'],
      ['(138) 1234-5678', '13812345678'],
      ['（138）12345678', '13812345678'], // full-width brackets
      ['  13812345678  ', '13812345678'],
      ['138\t1234\t5678', '13812345678'],
      ['+8613812345678', '13812345678'],
      ['+86 138 1234 5678', '13812345678'],
      ['+86-138-1234-5678', '13812345678'],
      ['(+86) 13812345678', '13812345678'],
      ['008613812345678', '13812345678'],
      ['0086 138 1234 5678', '13812345678'],
      ['8613812345678', '13812345678'],
      ['86 138-1234-5678', '13812345678'],
    ])('%j → %s', (input, expected) => {
      expect(normalizeChinesePhone(input)).toBe(expected);
    });
  });

  describe('accepts landlines (0 + area code + number, 10–12 digits in all) and returns the digits', () => {
    it.each([
      ['0763-3362345', '07633362345'],
      ['07633362345', '07633362345'],
      ['010-12345678', '01012345678'], // Beijing: 2-digit area, 8-digit number
      ['021 1234 5678', '02112345678'],
      ['(010) 12345678', '01012345678'],
      ['（0763）3362345', '07633362345'],
      ['010-1234567', '0101234567'], // 10 digits: the shortest
      ['0763-33623456', '076333623456'], // 12 digits: the longest
      ['+86 0763 3362345', '07633362345'],
      ['0086-010-12345678', '01012345678'],
    ])('%j → %s', (input, expected) => {
      expect(normalizeChinesePhone(input)).toBe(expected);
    });
  });

  describe('rejects everything else', () => {
    it.each([
      ['empty', ''],
      ['only spaces', '   '],
      ['the hotline itself', '12345'],
      ['a short service number', '110'],
      ['letters', 'abc'],
      ['a mobile with a letter', '1381234567a'],
      ['a mobile with a letter O for zero', '138O2345678'],
      ['a mobile, 10 digits', '1381234567'],
      ['a mobile, 12 digits', '138123456789'],
      ['a mobile starting 10', '10012345678'],
      ['a mobile starting 11', '11012345678'],
      ['a mobile starting 12', '12812345678'],
      ['+86 then a too-short mobile', '+86138123456'],
      ['+86 then a too-long mobile', '+86138123456789'],
      ['another country code', '+14155552671'],
      ['a plus without a country code', '+13812345678'],
      ['a plus in the middle', '138+12345678'],
      ['a landline, 9 digits', '010-123456'],
      ['a landline, 13 digits', '0763-336234567'],
      ['a landline with area code 00', '0012345678'],
      ['a landline without its leading 0', '7633362345'],
      ['dots as separators', '138.1234.5678'],
      ['an extension', '010-12345678 ext 12'],
      ['a slash', '138/12345678'],
      ['a decimal point', '1381234567.8'],
      ['a negative number', '-13812345678'.replace('-', '−')], // U+2212 minus, not a dash
      ['full-width digits', '１３８１２３４５６７８'],
    ])('%s (%j) → null', (_what, input) => {
      expect(normalizeChinesePhone(input)).toBeNull();
    });
  });

  it.each(['13812345678', '07633362345', '0101234567', '076333623456'])('is idempotent on its own output %s', (phone) => {
    expect(normalizeChinesePhone(phone)).toBe(phone);
  });
});
