/**
 * Runs a command to completion and reports its wall-clock seconds and peak
 * memory (the largest resident set of it or any child it waited for), read by
 * GNU time (`/usr/bin/time`, Debian package `time`). Without GNU time only
 * the seconds are known.
 */
import { spawn } from 'node:child_process';
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
}

export function runMeasured(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<ProcessRun> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-time-'));
  const timeFile = path.join(scratch, 'time.txt');
  const withTime = existsSync(gnuTime);
  const [cmd, argv] = withTime ? [gnuTime, ['-f', '%e %M', '-o', timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 2_000_000) output = output.slice(-1_000_000);
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
      resolve({ exitCode: code ?? 1, seconds, peakMiB, tail: output.split('\n').slice(-30).join('\n'), output });
    });
  });
}

/** The environment for a child that should run with Node's defaults (no heap size or other options inherited). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  return env;
}
