import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './processes';

/** One figure of the run, as `bench/results/latest.json` lists it. */
export interface BenchResult {
  name: string;
  unit: string;
  /** null when the measurement was skipped or failed. */
  value: number | null;
  /** What the same work costs without the app (or the reference the target compares with); null if none. */
  baseline: number | null;
  /** value ÷ baseline; null without a baseline. */
  ratio: number | null;
  /** The target in words, e.g. `ratio ≥ 0.5`; null when the figure is for information only. */
  target: string | null;
  /** Whether the target is met; null when there is no target or nothing was measured. */
  pass: boolean | null;
  /** What was measured, and why a figure is missing or invalid. */
  note?: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  postgres: string;
  database: string;
  loadAtStart: number[];
  loadAtEnd?: number[];
}

export function machineInfo(postgres: string, database: string): Machine {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    postgres,
    database,
    loadAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function ratioOf(value: number | null, baseline: number | null): number | null {
  if (value === null || baseline === null || baseline === 0) return null;
  return Math.round((value / baseline) * 1000) / 1000;
}

function format(value: number | null, unit?: string): string {
  if (value === null) return '—';
  if (unit === 'req/s' || unit === 'MB' || Math.abs(value) >= 1000) return value.toFixed(0);
  if (Math.abs(value) >= 100) return value.toFixed(1);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** The results as a plain-text table (name, unit, value, baseline, ratio, target, pass). */
export function table(results: BenchResult[]): string {
  const header = ['name', 'unit', 'value', 'baseline', 'ratio', 'target', 'pass'];
  const rows = results.map((r) => [
    r.name,
    r.unit,
    format(r.value, r.unit),
    format(r.baseline, r.unit),
    r.ratio === null ? '—' : r.ratio.toFixed(2),
    r.target ?? '—',
    r.pass === null ? (r.value === null ? 'skipped' : '—') : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Writes `bench/results/latest.json`; returns its path. */
export function writeResults(document: { machine: Machine; date: string; results: BenchResult[]; [more: string]: unknown }): string {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'latest.json');
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}
