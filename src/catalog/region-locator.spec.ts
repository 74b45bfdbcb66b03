import { insidePolygon, RegionLocator } from './region-locator';

describe('insidePolygon (even-odd)', () => {
  const square: [number, number][] = [
    [0, 0],
    [4, 0],
    [4, 4],
    [0, 4],
  ];
  const hole: [number, number][] = [
    [1, 1],
    [3, 1],
    [3, 3],
    [1, 3],
  ];
  it.each([
    [2, 0.5, true],
    [2, 2, false], // in the hole
    [5, 2, false],
    [-0.1, 2, false],
  ])('(%p, %p) → %p', (x, y, expected) => {
    expect(insidePolygon(x, y, [square, hole])).toBe(expected);
  });
});

describe('RegionLocator: 清远市 county-level divisions from the shipped boundaries', () => {
  const locator = new RegionLocator();

  it('covers the eight county-level divisions', () => {
    expect(locator.codes().sort()).toEqual(['441802', '441803', '441821', '441823', '441825', '441826', '441881', '441882']);
  });

  // WGS-84 points as a phone reports them, near each seat of government.
  it.each([
    ['清城区 (city centre, 凤城街道)', 23.6906, 113.0474, '441802'],
    ['清新区 (太和镇)', 23.7375, 112.9891, '441803'],
    ['佛冈县 (石角镇)', 23.8793, 113.5314, '441821'],
    ['阳山县 (阳城镇)', 24.4652, 112.6409, '441823'],
    ['连山 (吉田镇)', 24.5688, 112.0889, '441825'],
    ['连南 (三江镇)', 24.7243, 112.2838, '441826'],
    ['英德市 (英城街道)', 24.1818, 113.4027, '441881'],
    ['连州市 (连州镇)', 24.7790, 112.3774, '441882'],
  ])('%s', (_, lat, lng, code) => {
    expect(locator.countyAt({ lat, lng })).toBe(code);
  });

  it.each([
    ['广州 (天河)', 23.1291, 113.2644],
    ['韶关', 24.8104, 113.5972],
    ['北京', 39.9042, 116.4074],
    ['the null island', 0, 0],
  ])('outside the city: %s → null', (_, lat, lng) => {
    expect(locator.countyAt({ lat, lng })).toBeNull();
  });
});
