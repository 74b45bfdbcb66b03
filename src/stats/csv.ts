/** One CSV cell: quoted when it holds a comma, quote or line break (RFC 4180). */
function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows as CSV with a header line, CRLF line ends and a UTF-8 byte-order mark, so spreadsheet programs
 * open the Chinese department names correctly.
 */
export function toCsv<T extends object>(columns: (keyof T & string)[], rows: T[]): string {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
