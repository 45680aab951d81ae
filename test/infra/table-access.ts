/**
 * The partitions of the table a function's code can reach, read from the code itself: every module the handler
 * imports (relative imports, followed through), every `keys.<name>` of functions/shared/table.ts it uses (the item's
 * partition key, or a `…Partition` constant) and every `':pk'` a query of it names (a key of `keys`/`indexKeys`, or
 * a string written out). A key added to table.ts and used by a function without a grant shows up here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { indexKeys, keys } from '../../functions/shared/table';
import { repoPath } from '../../infra/paths';

/** What the code asks for: the partition key with every `${…}` replaced by `*`, and where it is asked. */
export interface PartitionUse {
  partition: string;
  at: string;
}

const sample = 'x';
const callKey = (fn: unknown) => (typeof fn === 'function' ? (fn as (...a: string[]) => unknown)(sample, sample, sample) : fn);
/** The partition key (as a pattern) that `keys.<name>` puts an item in, or undefined when it names no partition (a sort key prefix, a family). */
function keysPartition(name: string): string | undefined {
  const value = callKey((keys as Record<string, unknown>)[name]);
  if (value && typeof value === 'object' && 'PK' in value) return pattern(String((value as { PK: string }).PK));
  if (typeof value === 'string' && name.endsWith('Partition')) return value;
  return undefined;
}
function indexPartition(name: string): string | undefined {
  const value = callKey((indexKeys as Record<string, unknown>)[name]) as Record<string, string> | undefined;
  const pk = value && (value.GSI1PK ?? value.GSI2PK);
  return pk === undefined ? undefined : pattern(pk);
}
/** `EVENT#x` → `EVENT#*`: the sample arguments become the wildcard. */
const pattern = (key: string) => key.replaceAll(sample, '*').replace(/\*+/g, '*');

const propertyName = (p: ts.ObjectLiteralElementLike) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined);

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => f.endsWith('.ts') && existsSync(f));
}

/** Every partition the code reachable from `entry` (a path from the repository root) names. */
export function partitionsUsedBy(entry: string): PartitionUse[] {
  const uses: PartitionUse[] = [];
  const seen = new Set<string>();
  const queue = [repoPath(entry)];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const at = (node: ts.Node) => `${path.relative(repoPath('.'), file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const tableNames = new Map<string, 'keys' | 'indexKeys'>();
    const partitionOf = (expr: ts.Expression): string | undefined => {
      if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
      if (ts.isTemplateExpression(expr)) return `${expr.head.text}*`;
      // keys.x(...).PK, indexKeys.x(...).GSI1PK, keys.xPartition
      let inner: ts.Expression = expr;
      while (ts.isPropertyAccessExpression(inner) || ts.isCallExpression(inner)) {
        if (ts.isPropertyAccessExpression(inner) && ts.isIdentifier(inner.expression) && tableNames.has(inner.expression.text)) {
          return tableNames.get(inner.expression.text) === 'keys' ? keysPartition(inner.name.text) : indexPartition(inner.name.text);
        }
        inner = inner.expression;
      }
      return undefined;
    };
    const visit = (node: ts.Node) => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const spec = node.moduleSpecifier.text;
        const target = resolveImport(file, spec);
        const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly : node.isTypeOnly;
        if (target && !typeOnly) queue.push(target);
        if (target === repoPath('functions/shared/table.ts') && ts.isImportDeclaration(node)) {
          const named = node.importClause?.namedBindings;
          if (named && ts.isNamedImports(named))
            for (const el of named.elements) {
              const imported = (el.propertyName ?? el.name).text;
              if (imported === 'keys' || imported === 'indexKeys') tableNames.set(el.name.text, imported);
            }
        }
      }
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && tableNames.get(node.expression.text) === 'keys') {
        const partition = keysPartition(node.name.text);
        if (partition) uses.push({ partition, at: at(node) });
      }
      // A query's partition: `':pk'` of the ExpressionAttributeValues beside a KeyConditionExpression (an update's `':pk'` sets an index key).
      if (ts.isObjectLiteralExpression(node) && node.properties.some((p) => propertyName(p) === 'KeyConditionExpression')) {
        const values = node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && propertyName(p) === 'ExpressionAttributeValues');
        const pk = values && ts.isObjectLiteralExpression(values.initializer) ? values.initializer.properties.find((p) => propertyName(p) === ':pk') : undefined;
        if (!pk || !ts.isPropertyAssignment(pk)) uses.push({ partition: '(a query whose partition is not written as :pk)', at: at(node) });
        else uses.push({ partition: partitionOf(pk.initializer) ?? `(unknown: ${pk.initializer.getText()})`, at: at(pk) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}

/** Whether the IAM `StringLike` pattern `granted` covers every key of the pattern `used` (`*` in `used` is any text). */
export function covers(granted: string, used: string): boolean {
  const re = new RegExp(`^${granted.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  // A used pattern is covered when its fixed part matches and its wildcard is under a granted wildcard.
  return re.test(used) && (!used.includes('*') || re.test(used.replaceAll('*', '#other-value#')));
}
