/**
 * Runs a command to completion and reports its wall-clock seconds and peak
 * memory (the largest resident set of it or any child it waited for), read by
 * GNU time (`/usr/bin/time`, Debian package `time`). Without GNU time only
 * the seconds are known. With `marks`, it also reads the command's CPU time
 * (user + system of all its threads, from /proc on Linux) when its output
 * first shows each mark, so a phase's CPU seconds are known: unlike its
 * wall-clock seconds they hardly grow when other work shares the cores.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const gnuTime = '/usr/bin/time';

export interface ProcessRun {
  exitCode: number;
  seconds: number;
  /** Peak resident memory in MiB, or null without GNU time. */
  peakMiB: number | null;
  /** The last lines the command wrote (stdout and stderr), for error messages. */
  tail: string;
  output: string;
  /** Per mark given, the command's CPU seconds when its output first showed it (null when it never did or /proc is not there). */
  cpuAtMarks: (number | null)[];
}

/** CPU seconds (user + system, every thread) a process has used so far, from /proc; null when it cannot be read. */
export function processCpuSeconds(pid: number): number | null {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}
/** Clock ticks per second of /proc's CPU times (100 on Linux as built almost everywhere). */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** How much of the output already searched is searched again with the next chunk: more than any mark is long. */
const markOverlap = 1_000;

/** The process GNU time started (its only child), or the pid itself without GNU time. */
function measuredPid(pid: number, withTime: boolean): number | null {
  if (!withTime) return pid;
  try {
    const child = Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(child) && child > 0 ? child : null;
  } catch {
    return null;
  }
}

/**
 * Finds `marks` in a command's output as it comes, chunk by chunk: each mark only after the one before it, a mark
 * split between two chunks too. Returns, for each chunk, the indexes of the marks it completed. Only what came since
 * the last search is searched (with the end of what came before, for a split mark): searching all the output again
 * on every chunk took the benchmark a core of its own while Astro logged a line per page.
 */
export function markFinder(marks: readonly RegExp[]): (chunk: string) => number[] {
  let next = 0;
  let unsearched = '';
  return (chunk) => {
    const found: number[] = [];
    unsearched += chunk;
    while (next < marks.length) {
      const match = marks[next]!.exec(unsearched);
      if (!match) break;
      found.push(next++);
      unsearched = unsearched.slice(match.index + match[0].length);
    }
    unsearched = unsearched.slice(-markOverlap);
    return found;
  };
}

export function runMeasured(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; marks?: RegExp[] }): Promise<ProcessRun> {
  const marks = options.marks ?? [];
  const cpuAtMarks: (number | null)[] = marks.map(() => null);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-time-'));
  const timeFile = path.join(scratch, 'time.txt');
  const withTime = existsSync(gnuTime);
  const [cmd, argv] = withTime ? [gnuTime, ['-f', '%e %M', '-o', timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const findMarks = markFinder(marks);
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const mark of findMarks(text)) {
        const pid = child.pid === undefined ? null : measuredPid(child.pid, withTime);
        cpuAtMarks[mark] = pid === null ? null : processCpuSeconds(pid);
      }
      if (output.length > 2_000_000) output = output.slice(output.length - 1_000_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      let peakMiB: number | null = null;
      if (withTime && existsSync(timeFile)) {
        const fields = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ');
        peakMiB = Math.round(Number(fields[1]) / 1024);
      }
      rmSync(scratch, { recursive: true, force: true });
      resolve({ exitCode: code ?? 1, seconds, peakMiB, tail: output.split('\n').slice(-30).join('\n'), output, cpuAtMarks });
    });
  });
}

/** The environment for a child that should run with Node's defaults (no heap size or other options inherited). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  return env;
}
