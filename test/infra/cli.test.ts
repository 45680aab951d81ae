/**
 * `npm run synth` as a newcomer runs it: the CDK CLI from infra/, no AWS
 * credentials, no network, no Docker. It must write every stage's templates
 * and pass cdk-nag's packs.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { repoPath } from '../../infra/paths';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The environment without anything that could reach AWS. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^(AWS_|CDK_DEFAULT_)/.test(name)) delete env[name];
  return { ...env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' };
}

// Every stage in one run (`-c stage=all`), as CI checks them: each function is bundled once for all stages.
let run: SpawnSyncReturns<string>;
let outdir: string;
beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'alumni-cdk-synth-'));
  outdirs.push(outdir);
  run = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '-c', 'stage=all', '-o', outdir], {
    cwd: repoPath('infra'),
    env: offlineEnv(),
    encoding: 'utf8',
    // Bundling a dozen functions on a busy two-core machine (CI's runners) takes minutes.
    timeout: 290_000,
  });
}, 300_000);

test.each(['dev', 'prod'])('cdk synth of %s works offline without credentials and passes cdk-nag', (stage) => {
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  const templates = readdirSync(outdir)
    .filter((f) => f.startsWith(`Alumni-${stage}-`) && f.endsWith('.template.json'))
    .sort();
  // The six stacks of every stage, and dev's previews of pull requests (`previews` in infra/cdk.json: on in dev, never in prod).
  const stacks = ['Edge', 'Data', 'Alerts', 'Api', 'Email', 'Site', ...(stage === 'dev' ? ['Preview'] : [])];
  expect(templates).toEqual(stacks.map((s) => `Alumni-${stage}-${s}.template.json`).sort());
  // Every function's code is bundled: each Lambda function of the stage points at an asset folder in the output.
  const api = JSON.parse(readFileSync(path.join(outdir, `Alumni-${stage}-Api.template.json`), 'utf8')) as { Resources: Record<string, { Type: string; Metadata?: Record<string, string> }> };
  const functions = Object.values(api.Resources).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['aws:asset:path']);
  expect(functions.length).toBeGreaterThan(0);
  for (const fn of functions) expect(existsSync(path.join(outdir, fn.Metadata!['aws:asset:path']!, 'index.mjs')), fn.Metadata!['aws:asset:path']).toBe(true);
  const report = path.join(outdir, 'validation-report.json');
  if (existsSync(report)) {
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as { pluginReports?: { pluginName: string; violations?: { severity: string; resource?: string }[] }[] };
    const nagViolations = (parsed.pluginReports ?? []).filter((r) => /AwsSolutions|Serverless/.test(r.pluginName)).flatMap((r) => r.violations ?? []);
    expect(nagViolations).toEqual([]);
  }
});
