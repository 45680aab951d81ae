/**
 * The links and images written in a Markdown body, with their lines: inline
 * `[text](url)` and `![alt](src)`, reference definitions `[x]: url`, and HTML
 * `href`/`src` attributes. Code blocks and code spans are skipped.
 */
export interface BodyLink {
  kind: 'link' | 'image';
  url: string;
  /** Alt text of an image (empty string when none was written). */
  alt: string;
  /** 1-based line within the body. */
  line: number;
}

const inline = /(!?)\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^\s)>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/;
const htmlAttribute = /<(a|img)\b[^>]*?\s(href|src)\s*=\s*["']([^"']*)["'][^>]*>/gi;
const htmlAlt = /\salt\s*=\s*["']([^"']*)["']/i;

export function bodyLinks(body: string): BodyLink[] {
  const links: BodyLink[] = [];
  let fence: string | undefined;
  body.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(raw)?.[1];
    if (fenceMark && (fence === undefined || fenceMark.startsWith(fence))) {
      fence = fence === undefined ? fenceMark : undefined;
      return;
    }
    if (fence !== undefined || /^( {4}|\t)/.test(raw)) return;
    const text = raw.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
    const ref = definition.exec(text);
    if (ref?.[1]) links.push({ kind: 'link', url: ref[1], alt: '', line });
    for (const m of text.matchAll(inline)) links.push({ kind: m[1] ? 'image' : 'link', url: m[3] ?? '', alt: m[2] ?? '', line });
    for (const m of text.matchAll(htmlAttribute)) {
      const isImage = (m[1] ?? '').toLowerCase() === 'img';
      links.push({ kind: isImage ? 'image' : 'link', url: m[3] ?? '', alt: isImage ? (htmlAlt.exec(m[0])?.[1] ?? '') : '', line });
    }
  });
  return links;
}

export const isExternal = (url: string): boolean => /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url);
