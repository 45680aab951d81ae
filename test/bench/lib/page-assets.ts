/**
 * What a built page makes a browser download: its HTML, the CSS it links or
 * inlines, the JavaScript its scripts and islands load (following static
 * imports; dynamic imports are counted apart, as they load only on use) and
 * the images its <img> elements ask for (the `src` candidate).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'node-html-parser';

export interface PageAssets {
  html: number;
  css: number;
  /** Scripts of the page itself (not islands). */
  pageJs: number;
  /** Island components and their renderer (React), with their static imports. */
  islandJs: number;
  /** Loaded later by dynamic import (e.g. the Pagefind search index code). */
  lazyJs: number;
  images: number;
  /** HTML + CSS + JS as gzip would send them. */
  gzip: number;
  /** JavaScript as sent gzipped, each file on its own (as a browser fetches them, zlib level 9): page scripts (inline too) and every island with its static imports; not what loads on use. */
  jsGzip: number;
  /** The page's inline scripts, gzipped one by one (part of `jsGzip`; they run at load). */
  inlineJsGzip: number;
  /** On-use JavaScript (dynamic imports), gzipped file by file. */
  lazyJsGzip: number;
  /** The islands' renderer (Astro's React client with React and React DOM), gzipped file by file; 0 without islands. */
  rendererJsGzip: number;
  islands: string[];
}

const gzipBytes = (code: string | Buffer) => gzipSync(code, { level: 9 }).length;

export function pageAssets(distDir: string, htmlFile: string): PageAssets {
  const source = readFileSync(htmlFile, 'utf8');
  const root = parse(source);
  const seen = new Set<string>();
  const gzipParts: Buffer[] = [Buffer.from(source)];
  const fileOf = (url: string) => path.join(distDir, decodeURIComponent(url.split(/[?#]/)[0]!));
  const local = (url: string | undefined): url is string => !!url && url.startsWith('/') && !url.startsWith('//');
  const size = (url: string) => {
    const file = fileOf(url);
    if (seen.has(file) || !existsSync(file)) return 0;
    seen.add(file);
    if (/\.(css|js|mjs)$/.test(file)) gzipParts.push(readFileSync(file));
    return statSync(file).size;
  };

  let css = 0;
  for (const link of root.querySelectorAll('link[rel="stylesheet"]')) if (local(link.getAttribute('href'))) css += size(link.getAttribute('href')!);
  for (const style of root.querySelectorAll('style')) css += Buffer.byteLength(style.textContent);

  const lazy = new Set<string>();
  /** Every JS file of a static import graph, from its first address (computed apart from `seen`, for the gzip counts). */
  const graphFiles = (url: string, into = new Set<string>()): Set<string> => {
    const file = fileOf(url);
    if (into.has(file) || !existsSync(file)) return into;
    into.add(file);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.m?js)["']/g)) graphFiles(new URL(match[1]!, `http://x${url}`).pathname, into);
    return into;
  };
  const beforeUseFiles = new Set<string>();
  const rendererFiles = new Set<string>();
  let inlineJsGzip = 0;
  /** A module and everything it imports statically; dynamic imports are noted in `lazy`. */
  const moduleGraph = (url: string): number => {
    const file = fileOf(url);
    if (seen.has(file) || !existsSync(file)) return 0;
    let total = size(url);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.m?js)["']/g)) total += moduleGraph(new URL(match[1]!, `http://x${url}`).pathname);
    for (const match of code.matchAll(/\bimport\(\s*["']([^"']+\.m?js)["']\s*\)/g)) lazy.add(new URL(match[1]!, `http://x${url}`).pathname);
    noteAddresses(code);
    return total;
  };
  /** Site .js addresses written as strings (a computed `import(url)`, such as Pagefind's), loaded on use. */
  const noteAddresses = (code: string) => {
    // Also the tail of a template literal such as `${base}pagefind/pagefind.js`.
    for (const match of code.matchAll(/["'`}](\/?[\w.-]+(?:\/[\w.-]+)+\.m?js)["'`]/g)) lazy.add(match[1]!.startsWith('/') ? match[1]! : `/${match[1]}`);
  };

  let pageJs = 0;
  for (const script of root.querySelectorAll('script')) {
    const type = script.getAttribute('type');
    if (type && !/module|javascript/.test(type)) continue; // JSON-LD and other data blocks are not code
    const src = script.getAttribute('src');
    if (src && local(src)) graphFiles(src, beforeUseFiles);
    if (src) pageJs += local(src) ? moduleGraph(src) : 0;
    else {
      pageJs += Buffer.byteLength(script.textContent);
      inlineJsGzip += gzipBytes(script.textContent);
      noteAddresses(script.textContent);
    }
  }
  for (const link of root.querySelectorAll('link[rel="modulepreload"]'))
    if (local(link.getAttribute('href'))) {
      graphFiles(link.getAttribute('href')!, beforeUseFiles);
      pageJs += moduleGraph(link.getAttribute('href')!);
    }

  let islandJs = 0;
  const islands: string[] = [];
  for (const island of root.querySelectorAll('astro-island')) {
    islands.push(`${island.getAttribute('opts')?.match(/"name":"([^"]+)"/)?.[1] ?? 'island'} (${island.getAttribute('client') ?? 'no JS'})`);
    for (const attribute of ['component-url', 'renderer-url']) {
      const url = island.getAttribute(attribute);
      if (!local(url)) continue;
      graphFiles(url, beforeUseFiles);
      if (attribute === 'renderer-url') graphFiles(url, rendererFiles);
      islandJs += moduleGraph(url);
    }
  }
  const gzip = gzipSync(Buffer.concat(gzipParts)).length;
  let lazyJs = 0;
  const lazyFiles = new Set<string>();
  for (const url of lazy)
    if (!seen.has(fileOf(url))) {
      lazyJs += moduleGraph(url);
      graphFiles(url, lazyFiles);
    }
  const gzipOf = (files: Iterable<string>) => [...files].reduce((sum, file) => sum + gzipBytes(readFileSync(file)), 0);
  const jsGzip = inlineJsGzip + gzipOf(beforeUseFiles);
  const rendererJsGzip = gzipOf(rendererFiles);
  const lazyJsGzip = gzipOf([...lazyFiles].filter((f) => !beforeUseFiles.has(f)));

  let images = 0;
  for (const img of root.querySelectorAll('img')) if (local(img.getAttribute('src'))) images += size(img.getAttribute('src')!);

  return { html: Buffer.byteLength(source), css, pageJs, islandJs, lazyJs, images, gzip, jsGzip, inlineJsGzip, lazyJsGzip, rendererJsGzip, islands };
}
