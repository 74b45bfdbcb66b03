import { parseForm } from './forms';

describe('form bodies (Open311)', () => {
  it('reads plain fields, nested attributes and lists of values', () => {
    expect({ ...parseForm('api_key=xyz&lat=37.76&description=A+large+sinkhole&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001') }).toEqual({
      api_key: 'xyz',
      lat: '37.76',
      description: 'A large sinkhole',
      attribute: { WHISPAWN: '123456', WHISDORN: 'COISL001' },
    });
    expect(JSON.parse(JSON.stringify(parseForm('attribute[c1][]=v1&attribute[c1][]=v2')))).toEqual({ attribute: { c1: ['v1', 'v2'] } });
  });

  it('makes a repeated field a list, which a DTO wanting one text refuses', () => expect({ ...parseForm('a=1&a=2') }).toEqual({ a: ['1', '2'] }));

  it('decodes UTF-8', () => expect(parseForm('description=%E5%99%AA%E9%9F%B3').description).toBe('噪音'));

  it.each(['__proto__[x]=1', 'constructor=1', 'a[__proto__]=1', 'prototype=1'])('refuses %s', (body) => expect(() => parseForm(body)).toThrow(/forbidden/));
});
