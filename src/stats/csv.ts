import type { DepartmentFiguresDto } from './dto/stats.dto';

/**
 * A spreadsheet would run a cell that starts with one of these as a formula (CSV injection, OWASP;
 * ASVS 1.2.10): `=`, `+`, `-`, `@`, and tab, carriage return or NUL, which some programs skip before looking.
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/**
 * One CSV cell (RFC 4180): text that a spreadsheet would take for a formula gets a leading `'`, as
 * OWASP advises (Excel and WPS show the text, not the quote); quoted when it holds a comma, a quote or
 * a line break, quotes doubled. Numbers are written as they are.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvColumn<T> {
  header: string;
  value(row: T): string | number | null;
}

/**
 * Rows as CSV: a header line, CRLF line ends, and a UTF-8 byte-order mark first — the mark is how Excel
 * and WPS tell UTF-8 from the local ANSI code page (GBK on a Chinese Windows) when the file is opened
 * with a double click; without it the Chinese comes out garbled.
 */
export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(','), ...rows.map((row) => columns.map((c) => csvCell(c.value(row))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A rate in [0, 1] as a percentage with two decimals (`0.923077` → `92.31%`); empty when there is none. */
export function percent(rate: number | null): string | null {
  return rate === null ? null : `${(Math.round(rate * 10000) / 100).toFixed(2)}%`;
}

const twoDecimals = (v: number | null) => (v === null ? null : v.toFixed(2));

/**
 * The figures table as a Chinese office reads it: the department's code and name (never its id), rates
 * as percentages, and beside the scored rates the number of cases each rests on (a rate on fewer than
 * FIGURES_MIN_SAMPLE cases does not enter the score).
 */
export const FIGURE_CSV_COLUMNS: CsvColumn<DepartmentFiguresDto>[] = [
  { header: '单位编码', value: (r) => r.code },
  { header: '单位名称', value: (r) => r.name },
  { header: '受理量', value: (r) => r.received },
  { header: '按时签收率', value: (r) => percent(r.signOnTimeRate) },
  { header: '签收样本数', value: (r) => r.samples.signOnTime },
  { header: '按时答复率', value: (r) => percent(r.replyOnTimeRate) },
  { header: '答复样本数', value: (r) => r.samples.replyOnTime },
  { header: '解决率', value: (r) => percent(r.resolutionRate) },
  { header: '满意率', value: (r) => percent(r.satisfactionRate) },
  { header: '回访样本数', value: (r) => r.samples.satisfaction },
  { header: '退单率', value: (r) => percent(r.returnRate) },
  { header: '退单不予认可数', value: (r) => r.returnsRefused },
  { header: '重办率', value: (r) => percent(r.reopenRate) },
  { header: '超时在办', value: (r) => r.overdueOpen },
  { header: '平均答复时长（小时）', value: (r) => twoDecimals(r.avgReplyHours) },
  { header: '综合得分', value: (r) => twoDecimals(r.score) },
];

export function figuresCsv(rows: DepartmentFiguresDto[]): string {
  return toCsv(FIGURE_CSV_COLUMNS, rows);
}
