/**
 * How the staff tool prints: aligned tables for people, CSV (csv-stringify)
 * and JSON for spreadsheets and scripts, and progress on stderr so that a
 * long export piped to a file still shows it is moving.
 */
import { Option } from 'commander';
import { stringify } from 'csv-stringify/sync';

export type Format = 'table' | 'csv' | 'json' | 'html';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined;
  /** false: left out of the table (which must fit 100 columns), kept in CSV and JSON. */
  table?: false;
  /** false: only in the table, left out of CSV and JSON (a readable cell whose parts those carry as fields of their own). */
  data?: false;
}

export interface Writer {
  write(text: string): unknown;
  isTTY?: boolean;
}

export const formatOption = (formats: readonly Format[] = ['table', 'csv', 'json']) => new Option('--format <format>', 'how to print the result').choices(formats).default('table');

export const outputOption = () => new Option('-o, --output <file>', 'write to this file instead of stdout');

/** `confirmed seats` → `confirmedSeats`: JSON keys without spaces. */
export const jsonKey = (header: string): string => header.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase()).replace(/^./, (c) => c.toLowerCase());

/** An instant as the table stores it: 2027-06-12T16:00:00.000Z. */
const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;
const localTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/**
 * A date-time in one of two forms: readable in the staff member's own time zone for tables ("12 Jun 2027, 17:00"),
 * and for CSV and JSON ISO 8601 in UTC without fractions, which spreadsheets read as a date: "2027-06-12 16:00:00" in
 * CSV (whose header says UTC), "2027-06-12T16:00:00Z" in JSON.
 */
export function dateTime(value: string, format: Format): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  const iso = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (format === 'json') return iso;
  if (format === 'csv') return iso.replace('T', ' ').replace('Z', '');
  return localTime.format(at);
}

/** Rows as the chosen format; `empty` is what a table says when there are none. Date-times are written as `dateTime` says. */
export function render<Row>(rows: readonly Row[], allColumns: readonly Column<Row>[], format: Format, empty = '(none)'): string {
  const columns = allColumns.filter((c) => (format === 'table' ? c.table !== false : c.data !== false));
  const value = (c: Column<Row>, row: Row) => {
    const v = c.value(row);
    return typeof v === 'string' && instant.test(v) ? dateTime(v, format) : v;
  };
  if (format === 'json') {
    return (
      JSON.stringify(
        rows.map((row) => Object.fromEntries(columns.map((c) => [jsonKey(c.header), value(c, row) ?? null]))),
        null,
        2,
      ) + '\n'
    );
  }
  if (format === 'csv') {
    const records = rows.map((row) => columns.map((c) => csvCell(value(c, row))));
    const hasInstants = columns.map((c) =>
      rows.some((row) => {
        const v = c.value(row);
        return typeof v === 'string' && instant.test(v);
      }),
    );
    // A byte-order mark, so spreadsheet programs read names with accents as UTF-8.
    return stringify(records, { header: true, columns: columns.map((c, i) => (hasInstants[i] ? `${c.header} (UTC)` : c.header)), bom: true });
  }
  if (rows.length === 0) return `${empty}\n`;
  const cells = rows.map((row) => columns.map((c) => tableCell(value(c, row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
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
