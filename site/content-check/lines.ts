/**
 * Finds the line of a field in YAML front matter from the YAML parser's own
 * positions, so findings point where the editor has to look. When a part of
 * the path is not written (a missing field), the line of the nearest written
 * parent is given, and for a missing top-level field the closing `---`, where
 * it can be added.
 */
import { isMap, isNode, isPair, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

/**
 * @param document the parsed front matter
 * @param lineCounter the counter it was parsed with
 * @param firstLine the file line of the front matter's first line
 * @param endLine the file line of the closing `---`
 */
export function fieldLocator(document: Document, lineCounter: LineCounter, firstLine: number, endLine: number) {
  const lineAt = (offset: number) => firstLine + lineCounter.linePos(offset).line - 1;
  return (path: readonly PropertyKey[]): number => {
    let node: unknown = document.contents;
    let line: number | undefined;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) === part);
        if (!pair) break;
        if (isNode(pair.key) && pair.key.range) line = lineAt(pair.key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof part === 'number') {
        const item = node.items[part];
        if (!isNode(item) || !item.range) break;
        line = lineAt(item.range[0]);
        node = item;
      } else break;
    }
    return line ?? endLine;
  };
}
