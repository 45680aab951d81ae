/**
 * The staff command line as staff run it: help on every command, and the
 * real entry point in its own process (clean CSV on stdout, clear errors).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/ports';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { person, register } from '../support/requests';
import { startTestStack, type TestStack } from '../support/stack';
import { adminRunner } from './admin';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = fixtureManifest([fixtureEvent('gala', { capacity: 5 })]);
let t: TestStack;
const admin = adminRunner(
  () => manifest,
  () => t.env,
);

beforeAll(async () => {
  t = await startTestStack({ api: { manifest }, mailer: false });
});
afterAll(async () => t?.stop());

/** The CLI in a fresh Node process, pointed at the test table only by its options. */
async function cli(args: string[]) {
  const env = { ...process.env };
  for (const name of ['DYNAMODB_ENDPOINT', 'TABLE_NAME', 'SITE_URL', 'SIGNING_SECRET']) delete env[name];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'functions/admin/cli.ts', ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('help', () => {
  it('every command and command group answers --help with its usage and description', async () => {
    const { createProgram } = await import('../../functions/admin/program');
    const sink = { write: () => true };
    const paths: string[][] = [];
    const walk = (command: Command, at: string[]) => {
      for (const sub of command.commands) {
        paths.push([...at, sub.name()]);
        walk(sub, [...at, sub.name()]);
      }
    };
    walk(createProgram({ stdout: sink, stderr: sink }), []);
    expect(paths.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining([
        'events list',
        'events registrations',
        'events promote',
        'events cancel',
        'events resend',
        'mentoring requests',
        'mentoring pairs',
        'mentoring load',
        'donations totals',
        'donations export',
        'emails failed',
        'emails retry',
        'privacy export',
        'privacy erase',
      ]),
    );
    for (const at of [[], ...paths]) {
      const run = await admin(...at, '--help');
      expect(run.code, at.join(' ')).toBe(0);
      expect(run.stdout).toContain(`Usage: admin ${at.join(' ')}`.trim());
      if (at.length > 0) expect(run.stdout.split('\n')[2]!.length, `${at.join(' ')} has a description`).toBeGreaterThan(10);
    }
  });

  it('an unknown command or option is named, with the help', async () => {
    const run = await admin('events', 'lst');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown command 'lst'");
    const stage = await admin('--stage', 'staging', 'events', 'list');
    expect(stage.code).toBe(1);
    expect(stage.stderr).toContain('Allowed choices are dev, prod');
  });
});

describe('the command in its own process', () => {
  it('prints only the CSV on stdout, so it can go straight to a file', async () => {
    const res = await register(t.url, 'gala', { ...person('olu', { classYear: 2001 }), name: 'Olu Ade' });
    expect(res.status).toBe(201);
    // The real entry reads the content manifest from content/, so it lists this event's registrations by slug only.
    const run = await cli(['--endpoint', t.stack.dynamodb.endpoint, '--table', t.stack.tableName, 'events', 'registrations', 'gala', '--format', 'csv']);
    expect(run.code).toBe(0);
    expect(parse(run.stdout, { columns: true, bom: true })).toEqual([
      { name: 'Olu Ade', 'class year': '2001', guests: '0', dietary: '', accessibility: '', status: 'confirmed', position: '', registration: res.json.registration.id },
    ]);
  });

  it('says plainly when the database does not answer', async () => {
    const run = await cli(['--endpoint', `http://127.0.0.1:${await freePort()}`, 'emails', 'failed']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The database did not answer');
    expect(run.stdout).toBe('');
  });
});
