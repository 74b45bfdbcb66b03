import { csvCell, percent, toCsv } from './csv';

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['市水务局', '市水务局'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    // OWASP CSV injection: a leading quote, so Excel and WPS show the text instead of running it.
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
  ])('%j → %j', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it('writes numbers as they are, and nothing for null', () => {
    expect([csvCell(3), csvCell(0), csvCell(null), csvCell(undefined)]).toEqual(['3', '0', '', '']);
  });

  it('writes rates as percentages with two decimals', () => {
    expect([percent(12 / 13), percent(1), percent(0), percent(1 / 3), percent(null)]).toEqual(['92.31%', '100.00%', '0.00%', '33.33%', null]);
  });

  it('starts with the UTF-8 byte-order mark and ends every line with CRLF', () => {
    const text = toCsv([{ header: '名称', value: (r: { n: string }) => r.n }], [{ n: '甲' }, { n: '乙' }]);
    expect(text).toBe('\uFEFF名称\r\n甲\r\n乙\r\n');
    expect([...Buffer.from(text, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
