/**
 * Where an `astro build`'s rendering goes, from a CPU profile of its main
 * thread (`node --cpu-prof`, see `astroBuild`'s `cpuProfileDir`): the samples
 * taken while Astro renders and writes the pages (from the first to the last
 * sample under its `generatePathWithPrerenderer`), each counted by the area its
 * running function belongs to (self time), in ms per page. Used by the build
 * part with BENCH_BUILD_PROFILE=1 to set ours and the bare site side by side.
 *
 * The profiler samples the main thread by the clock: when other work shares
 * the cores, every area grows, idle most. The shares are what to read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The areas, in the order they are printed. */
export const areas = [
  'idle (waiting: folders, files, hashes off the main thread)',
  'Astro: rendering components and markup',
  'Astro: page pipeline (routing, request, result, head)',
  'CSP: hashing styles and scripts, building the meta',
  'response body (encoding the HTML, undici Response)',
  'file writes and folders (main-thread part)',
  'garbage collection',
  'images (getImage, transform hashes)',
  'our pages, components and lib',
  'content store and Markdown',
  'V8 and Node internals',
  'other',
] as const;
export type Area = (typeof areas)[number];

const fileCalls = /^(openFileHandle|mkdir|writeBuffer|writeString|writeFileUtf8|close|fstat|read|access|open|lstat|stat|realpath|existsSync|readFileUtf8)$/;

function areaOf(stack: CallFrame[]): Area {
  const { functionName: name, url } = stack[0]!;
  if (name === '(idle)') return 'idle (waiting: folders, files, hashes off the main thread)';
  if (name === '(garbage collector)') return 'garbage collection';
  if (stack.some((f) => f.functionName === 'generateCspDigest' || f.functionName === 'renderCspContent')) return 'CSP: hashing styles and scripts, building the meta';
  if (fileCalls.test(name) || /^node:(internal\/)?fs/.test(url)) return 'file writes and folders (main-thread part)';
  if (/node:internal\/deps\/undici|node:internal\/webstreams|node:internal\/encoding|^node:buffer$/.test(url) || name === 'encodeUtf8String')
    return 'response body (encoding the HTML, undici Response)';
  if (/\/(assets|_astro_assets)[_-][^/]*\.mjs$|node_modules\/astro\/dist\/assets\//.test(url)) return 'images (getImage, transform hashes)';
  // Astro's server runtime is bundled into the build's chunks as server_*.mjs; the page pipeline into prerender-entry.*.mjs.
  if (/\.prerender\/chunks\/(server|runtime)_[^/]*\.mjs$|node_modules\/astro\/dist\/runtime\//.test(url)) return 'Astro: rendering components and markup';
  if (/\.prerender\/(prerender-entry|chunks\/(path|_noop-middleware)[_.])|node_modules\/astro\/|node_modules\/@astrojs\/internal-helpers\//.test(url))
    return 'Astro: page pipeline (routing, request, result, head)';
  if (/_astro_data-layer-content|_astro_content|node_modules\/(devalue|micromark|mdast|hast|unified|remark|rehype|unist)/.test(url)) return 'content store and Markdown';
  if (/\.prerender\//.test(url)) return 'our pages, components and lib';
  if (name === '(program)' || url.startsWith('node:') || url === '') return 'V8 and Node internals';
  return 'other';
}

export interface RenderProfile {
  /** Seconds from the first to the last sample of page rendering. */
  windowSeconds: number;
  /** Milliseconds per page by area, over the render window. */
  msPerPage: Record<Area, number>;
}

/** Reads the one profile in `dir` and splits its render window by area, per page. */
export function renderProfile(dir: string, pages: number): RenderProfile {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile in ${dir}`);
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const stacks = new Map<number, CallFrame[]>();
  const stackOf = (id: number) => {
    let stack = stacks.get(id);
    if (!stack) {
      stack = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!.callFrame);
      stacks.set(id, stack);
    }
    return stack;
  };
  // A sample's time is the gap to the next one.
  let clock = profile.startTime;
  const times = profile.samples.map((_, i) => (clock += profile.timeDeltas[i]!));
  const rendering = (stack: CallFrame[]) => stack.some((f) => f.functionName === 'generatePathWithPrerenderer' || f.functionName === 'renderPath');
  let first = Infinity;
  let last = -Infinity;
  profile.samples.forEach((id, i) => {
    if (rendering(stackOf(id))) {
      first = Math.min(first, times[i]!);
      last = Math.max(last, times[i]!);
    }
  });
  const totals = Object.fromEntries(areas.map((a) => [a, 0])) as Record<Area, number>;
  profile.samples.forEach((id, i) => {
    if (times[i]! < first || times[i]! > last) return;
    totals[areaOf(stackOf(id))] += profile.timeDeltas[i + 1] ?? 0;
  });
  const msPerPage = Object.fromEntries(areas.map((a) => [a, totals[a] / 1000 / pages])) as Record<Area, number>;
  return { windowSeconds: Number.isFinite(first) ? (last - first) / 1e6 : 0, msPerPage };
}
