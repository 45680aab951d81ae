/**
 * How the staff tool prints: aligned tables for people, CSV (csv-stringify)
 * and JSON for spreadsheets and scripts, and progress on stderr so that a
 * long export piped to a file still shows it is moving.
 */
import { Option } from 'commander';
import { stringify } from 'csv-stringify/sync';

export type Format = 'table' | 'csv' | 'json';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined;
}

export interface Writer {
  write(text: string): unknown;
  isTTY?: boolean;
}

export const formatOption = (formats: readonly Format[] = ['table', 'csv', 'json']) =>
  new Option('--format <format>', 'how to print the result').choices(formats).default('table');

export const outputOption = () => new Option('-o, --output <file>', 'write to this file instead of stdout');

/** Rows as the chosen format; `empty` is what a table says when there are none. */
export function render<Row>(rows: readonly Row[], columns: readonly Column<Row>[], format: Format, empty = '(none)'): string {
  if (format === 'json') {
    return JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((c) => [c.header, c.value(row) ?? null]))), null, 2) + '\n';
  }
  if (format === 'csv') {
    const records = rows.map((row) => columns.map((c) => csvCell(c.value(row))));
    // A byte-order mark, so spreadsheet programs read names with accents as UTF-8.
    return stringify(records, { header: true, columns: columns.map((c) => c.header), bom: true });
  }
  if (rows.length === 0) return `${empty}\n`;
  const cells = rows.map((row) => columns.map((c) => tableCell(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

function tableCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/\s+/g, ' ');
}

/**
 * A text cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`
 * first) gets a leading apostrophe, so a name typed into a public form cannot
 * run as a formula on a staff member's machine (OWASP "CSV injection").
 */
function csvCell(value: string | number | boolean | null | undefined): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export interface Progress {
  update(count: number): void;
  done(): void;
}

/** Progress of a long read on stderr: one line rewritten in a terminal, a line per step otherwise. */
export function progress(stderr: Writer, label: string): Progress {
  let last = '';
  return {
    update(count: number) {
      last = `${label}: ${count}`;
      stderr.write(stderr.isTTY ? `\r${last}` : `${last}\n`);
    },
    done() {
      if (stderr.isTTY && last) stderr.write('\n');
    },
  };
}

/** An error with a message for the person at the keyboard: printed without a stack, exit code 1. */
export class AdminError extends Error {
  override name = 'AdminError';
}
