import { createHash } from 'node:crypto';
import { hashRequest } from './idempotency';

const body = {
  channel: 'hotline',
  kind: 'complaint',
  priority: 'normal',
  categoryCode: 'env.noise',
  regionCode: '440604',
  title: '夜间施工噪音',
  content: '工地每晚十一点后仍在施工',
  citizen: { name: '张三', phone: '13812345678', confidential: false },
  tags: ['noise', 'night'],
};

describe('hashRequest', () => {
  it('is a hex SHA-256 digest', () => {
    expect(hashRequest(body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes a canonical serialization', () => {
    const canonical = '{"a":1,"b":[2,{"c":3,"d":null}]}';
    expect(hashRequest({ b: [2, { d: null, c: 3 }], a: 1 })).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  describe('is the same for the same request, whatever the key order', () => {
    it.each<[string, unknown, unknown]>([
      ['flat keys reversed', { a: 1, b: 2, c: 3 }, { c: 3, b: 2, a: 1 }],
      [
        'a whole body reordered, nested object too',
        body,
        {
          tags: ['noise', 'night'],
          citizen: { confidential: false, phone: '13812345678', name: '张三' },
          content: '工地每晚十一点后仍在施工',
          title: '夜间施工噪音',
          regionCode: '440604',
          categoryCode: 'env.noise',
          priority: 'normal',
          kind: 'complaint',
          channel: 'hotline',
        },
      ],
      ['deeply nested', { x: { y: { z: 1, w: 2 }, v: 3 } }, { x: { v: 3, y: { w: 2, z: 1 } } }],
      ['objects inside arrays', [{ a: 1, b: 2 }, { c: 3, d: 4 }], [{ b: 2, a: 1 }, { d: 4, c: 3 }]],
      ['an undefined property is as if absent', { a: 1, b: undefined }, { a: 1 }],
      ['an undefined nested property is as if absent', { citizen: { name: '张三', email: undefined } }, { citizen: { name: '张三' } }],
      ['undefined properties in different places', { a: undefined, b: 1 }, { b: 1, c: undefined }],
      ['unicode keys reordered', { 姓名: '张三', 电话: '138' }, { 电话: '138', 姓名: '张三' }],
    ])('%s', (_what, a, b) => {
      expect(hashRequest(a)).toBe(hashRequest(b));
    });
  });

  describe('differs when the request differs', () => {
    it.each<[string, unknown, unknown]>([
      ['another value', { a: 1 }, { a: 2 }],
      ['another nested value', { citizen: { phone: '13812345678' } }, { citizen: { phone: '13812345679' } }],
      ['another key', { a: 1 }, { b: 1 }],
      ['an extra key', { a: 1 }, { a: 1, b: 2 }],
      ['a number vs the same digits as a string', { a: 1 }, { a: '1' }],
      ['true vs "true"', { a: true }, { a: 'true' }],
      ['false vs absent', { a: 1, b: false }, { a: 1 }],
      ['null vs absent', { a: 1, b: null }, { a: 1 }],
      ['null vs undefined', { a: null }, { a: undefined }],
      ['empty string vs absent', { a: 1, b: '' }, { a: 1 }],
      ['0 vs false', { a: 0 }, { a: false }],
      ['array order matters', { tags: ['a', 'b'] }, { tags: ['b', 'a'] }],
      ['an array vs an object with index keys', { a: ['x'] }, { a: { 0: 'x' } }],
      ['an empty array vs an empty object', { a: [] }, { a: {} }],
      ['a nested object vs its flattening', { a: { b: 1 } }, { 'a.b': 1 }],
      ['a key with a quote cannot imitate structure', { 'a":1,"b': 2 }, { a: 1, b: 2 }],
      ['a string with a comma cannot imitate an array', { a: ['x,y'] }, { a: ['x', 'y'] }],
      ['confidential flipped', body, { ...body, citizen: { ...body.citizen, confidential: true } }],
      ['one character of content', body, { ...body, content: `${body.content}。` }],
    ])('%s', (_what, a, b) => {
      expect(hashRequest(a)).not.toBe(hashRequest(b));
    });
  });

  it('is stable across calls', () => {
    expect(hashRequest(body)).toBe(hashRequest(JSON.parse(JSON.stringify(body))));
  });
});
