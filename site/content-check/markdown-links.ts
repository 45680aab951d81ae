/**
 * The links and images written in a Markdown body, with their lines, from a
 * real Markdown parser (mdast-util-from-markdown, CommonMark): inline
 * `[text](url)` and `![alt](src)` even when the text wraps onto the next line,
 * reference definitions `[x]: url`, and `href`/`src` attributes of HTML
 * written in the body. Code blocks and code spans are not links, as in the
 * built page.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { visit } from 'unist-util-visit';

export interface BodyLink {
  kind: 'link' | 'image';
  url: string;
  /** Alt text of an image (empty string when none was written). */
  alt: string;
  /** 1-based line within the body. */
  line: number;
}

const htmlAttribute = /<(a|img)\b[^>]*?\s(href|src)\s*=\s*["']([^"']*)["'][^>]*>/gi;
const htmlAlt = /\salt\s*=\s*["']([^"']*)["']/i;

export function bodyLinks(body: string): BodyLink[] {
  const links: BodyLink[] = [];
  visit(fromMarkdown(body), (node) => {
    const line = node.position?.start.line ?? 1;
    if (node.type === 'link' || node.type === 'definition') links.push({ kind: 'link', url: node.url, alt: '', line });
    else if (node.type === 'image') links.push({ kind: 'image', url: node.url, alt: node.alt ?? '', line });
    else if (node.type === 'html') {
      // Each tag on the line it starts on within the HTML block.
      for (const m of node.value.matchAll(htmlAttribute)) {
        const isImage = (m[1] ?? '').toLowerCase() === 'img';
        const lineInBlock = node.value.slice(0, m.index).split('\n').length - 1;
        links.push({ kind: isImage ? 'image' : 'link', url: m[3] ?? '', alt: isImage ? (htmlAlt.exec(m[0])?.[1] ?? '') : '', line: line + lineInBlock });
      }
    }
  });
  return links.sort((a, b) => a.line - b.line);
}

const linksByFile = new WeakMap<object, readonly BodyLink[]>();

/**
 * The links of a content file's body, parsed once however many rules read them (parsing is most of a check's
 * time: at 10,000 stories the links and images rules parsed every body twice).
 */
export function linksOf(file: { readonly body: string }): readonly BodyLink[] {
  let links = linksByFile.get(file);
  if (!links) linksByFile.set(file, (links = bodyLinks(file.body)));
  return links;
}

export const isExternal = (url: string): boolean => /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url);
