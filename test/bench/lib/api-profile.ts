/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and names where the time went:
 * self time by function and by where its code lives (a project file, or a
 * package), for the API benchmark's notes (BENCH_API_PROFILE=1).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where code lives: `functions/shared/http.ts`, a package's name, `node:` internals, or what V8 calls it. */
export function placeOf(url: string): string {
  if (!url) return '(V8, GC, idle)';
  if (url.startsWith('node:')) return 'node internals';
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return path.relative(repoRoot, file);
}

/** Self time in ms by a key of each sampled node. */
function selfTime(profile: CpuProfile, key: (node: ProfileNode) => string): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const k = key(node);
    totals.set(k, (totals.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return totals;
}

const idle = new Set(['(idle)', '(program)', '(garbage collector)']);

/** The profile in `dir`, summarised: the heaviest places and functions by self time, as shares of the busy time. */
export function heaviest(dir: string, top = 8): string {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return 'no profile was written';
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  const byFunction = selfTime(profile, (n) =>
    idle.has(n.callFrame.functionName) ? n.callFrame.functionName : `${n.callFrame.functionName || '(anonymous)'} ${placeOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`,
  );
  const byPlace = selfTime(profile, (n) => (idle.has(n.callFrame.functionName) ? n.callFrame.functionName : placeOf(n.callFrame.url)));
  const busy = [...byPlace].filter(([k]) => k !== '(idle)').reduce((sum, [, ms]) => sum + ms, 0);
  const list = (m: Map<string, number>) =>
    [...m]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => `${k} ${((100 * ms) / busy).toFixed(1)}%`)
      .join(', ');
  return `busy ${(busy / 1000).toFixed(1)} s of ${((profile.timeDeltas.reduce((a, b) => a + b, 0) || 0) / 1e6).toFixed(1)} s; by place: ${list(byPlace)}; by function: ${list(byFunction)}`;
}
