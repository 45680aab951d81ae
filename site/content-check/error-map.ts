/**
 * Turns zod issues into findings editors can act on: what is wrong, said about
 * the value they wrote, and what to write instead, using the schema's own
 * message when it has one and the field guide's example otherwise. (The idea of
 * Starlight's `utils/error-map.ts`.)
 */
import type { z } from 'zod';
import { fieldGuide, helpFor, itemName } from './field-guide';
import type { CollectionName } from './load';
import { didYouMean } from './suggest';

/** Marks messages zod made up itself, so we know to write our own hint. */
const GENERATED = '\u0000generated';

/** Options for `safeParse`: our marker for default messages, and the input on every issue. */
export const parseOptions = { error: () => GENERATED, reportInput: true } as const;

export interface Explained {
  path: PropertyKey[];
  problem: string;
  fix: string;
}

/** A written value, short and in quotes. */
export function show(value: unknown): string {
  if (value === null) return 'empty';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString().replace('T00:00:00.000Z', '');
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a group of fields';
  const text = String(value);
  return `"${text.length > 40 ? `${text.slice(0, 37)}…` : text}"`;
}

export function explain(issue: z.core.$ZodIssue, collection: CollectionName): Explained[] {
  const path = [...issue.path];
  const custom = issue.message === GENERATED ? undefined : sentence(issue.message);
  const help = helpFor(collection, path);
  const key = String(path.findLast((p) => typeof p === 'string') ?? '');
  const example = help ? `write ${fieldValue(key, help.example)}` : 'see content/EDITORS.md for what this field takes';
  const input = issue.input;

  if (input === undefined && issue.code !== 'unrecognized_keys') {
    return [{ path, problem: 'is missing', fix: help ? `add \`${key}: …\` on its own line: ${sentence(help.about)}, e.g. ${fieldValue(key, help.example)}` : (custom ?? 'add it') }];
  }
  switch (issue.code) {
    case 'invalid_union': {
      // A date is a Date (js-yaml) or text (as written): the text branch says what is wrong with what was written.
      const written = issue.errors.flat().filter((inner) => inner.code !== 'invalid_type');
      if (written.length > 0) return written.flatMap((inner) => explain({ ...inner, path: [...path, ...inner.path] } as z.core.$ZodIssue, collection));
      return [{ path, problem: `${show(input)} is not valid here`, fix: custom ?? example }];
    }
    case 'invalid_type': {
      if (input === null) return [{ path, problem: 'is empty', fix: custom ?? `${example}, or delete the line if the field is optional` }];
      if (issue.expected === 'array') return [{ path, problem: 'is a single value, not a list', fix: `write a list in square brackets, e.g. ${key}: [${String(input)}]` }];
      if (issue.expected === 'string' && input instanceof Date)
        return [{ path, problem: 'is read as a date, not as text', fix: `put it in double quotes, e.g. ${key}: "${show(input).replaceAll('"', '')}"` }];
      if (issue.expected === 'string' && (typeof input === 'number' || typeof input === 'boolean'))
        return [{ path, problem: `${show(input)} is read as a ${typeof input}, not as text`, fix: `put it in double quotes, e.g. ${key}: "${String(input)}"` }];
      if (issue.expected === 'string' && Array.isArray(input))
        return [{ path, problem: 'is a list, not a single value', fix: `write one value without square brackets, e.g. ${help ? fieldValue(key, help.example) : key}` }];
      if (issue.expected === 'boolean') return [{ path, problem: `${show(input)} is not true or false`, fix: custom ?? 'write true or false' }];
      if (issue.expected === 'number' || issue.expected === 'int') return [{ path, problem: `${show(input)} is not a whole number`, fix: custom ?? example }];
      if (issue.expected === 'object') return [{ path, problem: `is ${show(input)}, not a group of fields`, fix: custom ?? example }];
      return [{ path, problem: `is ${show(input)}, which this field does not take`, fix: custom ?? example }];
    }
    case 'too_big': {
      const limit = Number(issue.maximum);
      if (issue.origin === 'string') return [{ path, problem: `is ${String(input).length} characters long; the limit is ${limit}`, fix: custom ?? `shorten it to ${limit} characters or fewer` }];
      if (issue.origin === 'array') return [{ path, problem: `lists ${Array.isArray(input) ? input.length : 'too many'} items; the limit is ${limit}`, fix: custom ?? `list at most ${limit}` }];
      return [{ path, problem: `${show(input)} is more than ${limit}`, fix: custom ?? `write ${limit} or less` }];
    }
    case 'too_small': {
      const limit = Number(issue.minimum);
      if (issue.origin === 'string') return [{ path, problem: 'is empty', fix: custom ?? `${example}${help?.optional ? ', or delete the line' : ''}` }];
      if (issue.origin === 'array') return [{ path, problem: 'lists nothing', fix: custom ?? `list at least ${limit}` }];
      return [
        { path, problem: `${show(input)} is ${issue.inclusive ? 'less than' : 'not more than'} ${limit}`, fix: custom ?? `write ${issue.inclusive ? `${limit} or more` : `more than ${limit}`}` },
      ];
    }
    case 'invalid_format': {
      const what = issue.format === 'url' ? 'is not a full web address' : issue.format === 'date' ? 'is not a date written YYYY-MM-DD' : 'is not written in the expected form';
      return [{ path, problem: `${show(input)} ${what}`, fix: custom ?? example }];
    }
    case 'invalid_value':
      return [{ path, problem: `${show(input)} is not one of the choices`, fix: custom ?? `write one of: ${issue.values.map(String).join(', ')}` }];
    case 'unrecognized_keys': {
      const parent = path.filter((p) => typeof p === 'string').join('.');
      const known = Object.keys(fieldGuide[collection])
        .filter((name) => (parent ? name.startsWith(`${parent}.`) : !name.includes('.')))
        .map((name) => (parent ? name.slice(parent.length + 1) : name));
      return issue.keys.map((unknown) => {
        const guess = didYouMean(unknown, known);
        return {
          path: [...path, unknown],
          problem: `is not a field of ${parent ? `\`${parent}\`` : itemName[collection]}`,
          fix: guess ? `${guess}otherwise delete the line` : `delete the line, or use one of: ${known.join(', ')}`,
        };
      });
    }
    case 'custom': {
      const params = issue.params as { problem?: string; fix?: string } | undefined;
      if (params?.problem !== undefined) return [{ path, problem: params.problem, fix: params.fix ?? '' }];
      const what = key === 'timezone' ? 'is not a time zone name' : 'is not accepted';
      return [{ path, problem: `${show(input)} ${what}`, fix: custom ?? example }];
    }
    default:
      return [{ path, problem: `${show(input)} is not valid here`, fix: custom ?? example }];
  }
}

/** `title: Example`, or the key with an indented block for nested examples. */
function fieldValue(key: string, example: string): string {
  return example.startsWith('\n') ? `\`${key}:\` followed by indented lines (see content/EDITORS.md)` : `\`${key}: ${example}\``;
}

/** Schema messages are sentences ("Write …."); findings read as one line: lower-case start, no full stop. */
function sentence(message: string): string {
  const text = message.replace(/\.$/, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}
