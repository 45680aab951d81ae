/**
 * Finds the line of a field in YAML front matter, so findings point where the
 * editor has to look. A small indentation walk is enough for front matter;
 * when a part of the path is not written (a missing field), the line of the
 * nearest written parent is given.
 */
const indentOf = (line: string): number => line.length - line.trimStart().length;
const isContent = (line: string): boolean => line.trim() !== '' && !line.trimStart().startsWith('#');

/**
 * @param yaml the front matter text (between the `---` lines)
 * @param path the field path, e.g. ["links", 1, "url"]
 * @param firstLine the file line of the first line of `yaml`
 */
export function fieldLine(yaml: string, path: readonly PropertyKey[], firstLine: number): number {
  const lines = yaml.split(/\r?\n/);
  let found = -1;
  let from = 0;
  let to = lines.length;
  let parentIndent = -1;

  for (const part of path) {
    if (typeof part === 'number') {
      if (found >= 0 && /:\s*\[/.test(lines[found] ?? '')) break; // a flow list: the items share its line
      const items: number[] = [];
      let itemIndent = -1;
      for (let i = from; i < to; i++) {
        const line = lines[i] ?? '';
        if (!isContent(line)) continue;
        const dash = /^(\s*)-(\s|$)/.exec(line);
        if (!dash) continue;
        const indent = dash[1]?.length ?? 0;
        if (itemIndent === -1) itemIndent = indent;
        if (indent === itemIndent) items.push(i);
      }
      const item = items[part];
      if (item === undefined) break;
      found = item;
      parentIndent = itemIndent;
      from = item; // the first key of an item sits on the dash's line
      to = items[part + 1] ?? to;
      continue;
    }
    const key = new RegExp(`^(\\s*(?:-\\s+)?)(["']?)${escape(String(part))}\\2\\s*:(\\s|$)`);
    let at = -1;
    let keyIndent = -1;
    for (let i = from; i < to; i++) {
      const match = key.exec(lines[i] ?? '');
      const indent = match?.[1]?.length ?? 0;
      if (match && (parentIndent === -1 ? indent === 0 : indent > parentIndent)) {
        at = i;
        keyIndent = indent;
        break;
      }
    }
    if (at === -1) break;
    found = at;
    from = at + 1;
    // The field's block ends at the next line indented no deeper than its key
    // (a list may sit at the key's own indentation).
    let end = to;
    for (let i = at + 1; i < to; i++) {
      const line = lines[i] ?? '';
      if (!isContent(line)) continue;
      if (indentOf(line) < keyIndent || (indentOf(line) === keyIndent && !/^\s*-(\s|$)/.test(line))) {
        end = i;
        break;
      }
    }
    to = end;
    parentIndent = keyIndent;
  }
  return found === -1 ? firstLine - 1 : firstLine + found;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
