/**
 * Text as written: no control characters (invisible, and they break feeds,
 * calendars and emails), and none of the example values or body text that
 * `npm run new` writes, so a scaffolded file cannot go live half filled in.
 */
import { bodyPlaceholders, placeholders } from '../../scaffold/templates';
import { at, inBody, type Rule } from '../context';
import { helpFor } from '../field-guide';
import type { Finding } from '../finding';

// C0 controls except tab and line breaks, DEL, and C1 controls.
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const codeOf = (char: string) => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

export const text: Rule = ({ content }) => {
  const findings: Finding[] = [];
  for (const file of content.files) {
    if (file.data === undefined) continue;
    const walk = (value: unknown, path: PropertyKey[]) => {
      if (typeof value === 'string') {
        const control = controlCharacter.exec(value)?.[0];
        if (control)
          findings.push(at(file, path, `contains an invisible control character (${codeOf(control)})`, 'retype the value; text pasted from other programs can carry characters that cannot be seen'));
        const field = String(path.findLast((p) => typeof p === 'string') ?? '');
        const examples: readonly string[] | undefined = (placeholders as Record<string, readonly string[]>)[field];
        if (path.length === 1 && examples?.includes(value)) {
          const help = helpFor(file.collection, path);
          findings.push(
            at(
              file,
              path,
              `is still the example "${value}" written by \`npm run new\``,
              `write the real value${help ? `: ${help.about.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase())}` : ''}`,
            ),
          );
        }
      } else if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
      else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    };
    walk(file.data, []);
    const lines = file.body.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (bodyPlaceholders.includes(line.trim())) findings.push(inBody(file, i + 1, 'still has the example text written by `npm run new`', 'replace the example paragraphs with the text of the page'));
      const control = controlCharacter.exec(line)?.[0];
      if (control)
        findings.push(inBody(file, i + 1, `contains an invisible control character (${codeOf(control)})`, 'retype the line; text pasted from other programs can carry characters that cannot be seen'));
    });
  }
  return findings;
};
