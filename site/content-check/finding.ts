/** One problem in one file, as `content:check` and the build report it. */
export interface Finding {
  /** Path from the project root, with forward slashes: `content/events/reunion-2027.md`. */
  file: string;
  /** 1-based line: the field's line in the front matter, or the line in the body. */
  line: number;
  /** The field (`mentor.capacity`, `tags[2]`), `body`, or `(file)` for the file as a whole. */
  field: string;
  /** What is wrong, in plain words. */
  problem: string;
  /** What to write instead. */
  fix: string;
}

/** `file:line  field  what is wrong  what to write` */
export const formatFinding = (f: Finding): string => `${f.file}:${f.line}  ${f.field}  ${f.problem}  ${f.fix}`;

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.field.localeCompare(b.field));
}

/** `links[0].url` from ["links", 0, "url"]. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)), '');
}
