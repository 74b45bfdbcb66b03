import type { Case } from './case.entity';
import { citizenFor, maskEmail, maskPhone } from './citizen-privacy';

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['19900001111', '199****1111'],
    ['07633362345', '076****2345'], // 11-digit landline
    ['076333623456', '076****3456'], // 12-digit landline
    ['0101234567', '****4567'], // 10 digits: only the last four
    ['12345', '****2345'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it.each(['13812345678', '07633362345', '0101234567', '076333623456'])('hides the middle of %s', (phone) => {
    const masked = maskPhone(phone);
    const shown = masked.replace('****', '');
    expect(shown.length).toBeLessThanOrEqual(7);
    expect(masked).not.toContain(phone.slice(3, 7));
  });
});

describe('maskEmail', () => {
  it.each([
    ['zhang.san@example.com', 'z***@example.com'],
    ['a@b.cn', 'a***@b.cn'],
    ['Li.Si+hotline@mail.gov.cn', 'L***@mail.gov.cn'],
    ['odd@local@example.com', 'o***@example.com'], // the domain is what follows the last @
    ['@example.com', '***'], // nothing before the @
    ['no-at-sign', '***'],
    ['', '***'],
  ])('%j → %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});

function aCase(overrides: Partial<Case> = {}): Case {
  return {
    citizenName: '张三',
    citizenPhone: '13812345678',
    citizenEmail: 'zhang.san@example.com',
    confidential: false,
    ...overrides,
  } as Case;
}

describe('citizenFor', () => {
  it.each<[string, Partial<Case>, boolean, ReturnType<typeof citizenFor>]>([
    [
      'the centre sees everything',
      {},
      true,
      { name: '张三', phone: '13812345678', email: 'zhang.san@example.com', confidential: false },
    ],
    [
      'the centre sees everything, even on a confidential case',
      { confidential: true },
      true,
      { name: '张三', phone: '13812345678', email: 'zhang.san@example.com', confidential: true },
    ],
    [
      'a department sees the name, the phone and email masked',
      {},
      false,
      { name: '张三', phone: '138****5678', email: 'z***@example.com', confidential: false },
    ],
    [
      'a department sees a landline masked',
      { citizenPhone: '07633362345' },
      false,
      { name: '张三', phone: '076****2345', email: 'z***@example.com', confidential: false },
    ],
    [
      'a department sees nothing of a confidential citizen',
      { confidential: true },
      false,
      { name: null, phone: null, email: null, confidential: true },
    ],
    [
      'a department sees null for details the citizen did not give',
      { citizenName: null, citizenPhone: null, citizenEmail: null },
      false,
      { name: null, phone: null, email: null, confidential: false },
    ],
    [
      'the centre sees null for details the citizen did not give',
      { citizenName: null, citizenPhone: null, citizenEmail: null },
      true,
      { name: null, phone: null, email: null, confidential: false },
    ],
    [
      'a department sees a masked phone when there is no email',
      { citizenEmail: null },
      false,
      { name: '张三', phone: '138****5678', email: null, confidential: false },
    ],
  ])('%s', (_what, overrides, fullAccess, expected) => {
    expect(citizenFor(aCase(overrides), fullAccess)).toEqual(expected);
  });

  it.each([false, true])('never leaks a full phone or email to a department (confidential: %s)', (confidential) => {
    const c = aCase({ confidential });
    const shown = JSON.stringify(citizenFor(c, false));
    expect(shown).not.toContain('13812345678');
    expect(shown).not.toContain('zhang.san');
  });
});
