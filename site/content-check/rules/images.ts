/**
 * Images: the file exists next to the Markdown or under content/images/, is a
 * web image of a sane size whose dimensions can be read, and comes with alt
 * text that describes it; an SVG carries no script, event handler or external
 * reference (./svg.ts). Applies to the `image`/`photo` fields and to images
 * in the body.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { imageSizeFromFile } from 'image-size/fromFile';
import { at, contentPath, inBody, type CheckContext, type Rule } from '../context';
import type { Finding } from '../finding';
import type { ContentFile } from '../load';
import { isExternal, linksOf } from '../markdown-links';
import { svgProblems } from '../svg';

/** Larger files slow every page they appear on; a phone photo exported for the web is well under this. */
export const maxImageBytes = 1.5 * 1024 * 1024;
const formats = ['jpg', 'jpeg', 'png', 'webp', 'avif', 'gif', 'svg'];
const placeholderAlt = /^(image|img|photo|picture|pic|alt|alt text|todo|tbd|\.)$/i;
const imageFields = { stories: ['image', 'imageAlt'], events: ['image', 'imageAlt'], funds: ['image', 'imageAlt'], profiles: ['photo', 'photoAlt'] } as const;

type Problem = { problem: string; fix: string };

export const images: Rule = async (context) => {
  const checked = new Map<string, Promise<Problem | undefined>>();
  const checkFile = (full: string) => {
    let result = checked.get(full);
    if (!result) checked.set(full, (result = inspect(full)));
    return result;
  };
  const pending: Array<Promise<Finding | undefined>> = [];

  for (const file of context.content.files) {
    if (file.data === undefined) continue;
    // Pages have no picture field of their own; pictures in their text are checked below.
    const [imageField, altField] = file.collection === 'pages' ? [] : imageFields[file.collection];
    const src = imageField ? file.data[imageField] : undefined;
    if (imageField && altField && typeof src === 'string') {
      pending.push(checkSource(context, file, src, checkFile).then((p) => (p ? at(file, [imageField], p.problem, p.fix) : undefined)));
      const alt = file.data[altField];
      if (typeof alt === 'string' && isPlaceholderAlt(alt, src)) {
        pending.push(
          Promise.resolve(at(file, [altField], `"${alt}" does not describe the picture`, 'write a sentence saying what the picture shows, e.g. "Graduates throwing caps in front of the Old Library"')),
        );
      }
    }
    for (const link of linksOf(file)) {
      if (link.kind !== 'image') continue;
      if (link.alt.trim() === '' || isPlaceholderAlt(link.alt, link.url)) {
        pending.push(
          Promise.resolve(
            inBody(file, link.line, `the image ${link.url} has no alt text that describes it`, `write what it shows between the square brackets: ![Alumni at the reunion dinner](${link.url})`),
          ),
        );
      }
      pending.push(checkSource(context, file, link.url, checkFile).then((p) => (p ? inBody(file, link.line, p.problem, p.fix) : undefined)));
    }
  }
  return (await Promise.all(pending)).filter((f): f is Finding => f !== undefined);
};

async function checkSource(context: CheckContext, file: ContentFile, src: string, checkFile: (full: string) => Promise<Problem | undefined>): Promise<Problem | undefined> {
  const name = path.basename(src);
  const suggestion = `write a path relative to this file: ./${name} for a picture next to it, or ../images/${name} for one in content/images/`;
  if (isExternal(src))
    return { problem: `${src} is on another website; the site shows only images kept in this repository`, fix: `save the picture in content/images/ and write ../images/${name || 'picture.jpg'}` };
  if (!src.startsWith('./') && !src.startsWith('../')) return { problem: `${src} is not a path relative to this file`, fix: suggestion };
  const extension = path.extname(src).slice(1).toLowerCase();
  if (!formats.includes(extension)) return { problem: `${name} is not a web image`, fix: `use a ${formats.join(', ')} file` };
  const full = path.resolve(path.dirname(file.path), src);
  const imagesDir = contentPath(context.content, 'images');
  if (path.dirname(full) !== path.dirname(file.path) && !full.startsWith(imagesDir + path.sep)) {
    return { problem: `${src} is neither next to this file nor under content/images/`, fix: `move the picture to content/images/ and write ../images/${name}` };
  }
  return checkFile(full).then((p) => p && { problem: `${src}: ${p.problem}`, fix: p.fix });
}

async function inspect(full: string): Promise<Problem | undefined> {
  let size: number;
  try {
    size = (await stat(full)).size;
  } catch {
    return { problem: 'there is no such file', fix: 'check the spelling (capitals count) or upload the picture to that folder' };
  }
  if (size > maxImageBytes) {
    return { problem: `the file is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${maxImageBytes / 1024 / 1024} MB limit`, fix: 'export it smaller, e.g. 2000 pixels wide as JPEG at 80% quality' };
  }
  try {
    const { width, height } = await imageSizeFromFile(full);
    if (!width || !height) throw new Error('no dimensions');
  } catch {
    return {
      problem: 'its width and height cannot be read (the file is damaged, or an SVG without width, height or viewBox)',
      fix: 'export the picture again as JPEG, PNG or WebP, or give the SVG a viewBox',
    };
  }
  if (full.toLowerCase().endsWith('.svg')) {
    const [first, ...more] = svgProblems(await readFile(full, 'utf8'));
    if (first) return { problem: more.length ? `${first.problem} (and ${more.length} more: ${more.map((p) => p.problem.replace(/^the SVG /, '')).join('; ')})` : first.problem, fix: first.fix };
  }
  return undefined;
}

function isPlaceholderAlt(alt: string, src: string): boolean {
  const text = alt.trim();
  return placeholderAlt.test(text) || text === path.basename(src) || text === path.basename(src, path.extname(src));
}
