/**
 * Synthesises one stage of the CDK app the way `cdk synth` does (the context
 * of infra/cdk.json, feature flags included), offline, with a small stand-in
 * for the built site so no test needs `npm run build`.
 *
 * Bundling the functions with esbuild takes a few seconds, so only the tests
 * that look at the bundles ask for it; the others synthesise with CDK's
 * placeholder assets (the `aws:cdk:bundling-stacks` context the CLI uses for
 * `--exclusively`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { stageConfigFromContext, type StageConfig } from '../../infra/config';
import { addNagChecks } from '../../infra/nag';
import { repoPath } from '../../infra/paths';
import { createStage, type StageStacks } from '../../infra/stage';

const cdkJson = JSON.parse(readFileSync(repoPath('infra/cdk.json'), 'utf8')) as { context: Record<string, unknown> };

/** The site address tests deploy to, unless they set `siteUrl` or `domainName` themselves. */
export const testSiteUrl = 'https://alumni.example.test';

/** The 404 page of the stand-in build: the not-found function must ship exactly this. */
export const fixture404 = '<!doctype html><title>Not here</title><h1>This page is not here (test build)</h1>';

/** A tiny build output: a page, the 404 page and a hashed asset. */
export function fixtureSite(parent: string = tmpdir()): string {
  const dir = mkdtempSync(path.join(parent, 'site-'));
  mkdirSync(path.join(dir, '_astro'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Home</title>');
  writeFileSync(path.join(dir, '404.html'), fixture404);
  writeFileSync(path.join(dir, '_astro', 'island.Ab12Cd34.js'), 'export {};');
  return dir;
}

export interface SynthOptions {
  /** Context on top of infra/cdk.json, like `cdk synth -c key=value`. */
  context?: Record<string, unknown>;
  /** Bundle the functions with esbuild (slow); otherwise CDK's placeholder assets. */
  bundle?: boolean;
  /** Register cdk-nag's packs as `npm run synth` does (synth throws on an unacknowledged finding). */
  nag?: boolean;
  /** The built site; a stand-in by default. `null`: no build at all. */
  siteDir?: string | null;
}

export interface SynthResult {
  app: App;
  config: StageConfig;
  stacks: StageStacks;
  assembly: CloudAssembly;
  outdir: string;
  template(stack: Stack): Template;
  /** Removes the cloud assembly (bundles included). */
  dispose(): void;
  /** The synthesised template as JSON. */
  json(stack: Stack): { Resources: Record<string, { Type: string; Properties?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string }>; Outputs?: Record<string, unknown> };
}

export interface BuiltStage {
  app: App;
  config: StageConfig;
  stacks: StageStacks;
  outdir: string;
}

/** The construct tree of a stage, not yet synthesised. */
export function buildStage(options: SynthOptions = {}): BuiltStage {
  // Bundles live under node_modules so that, when a test imports one, `@aws-sdk/*` (left out of the
  // bundle, as the Lambda runtime provides it) resolves to the project's copy.
  const parent = options.bundle ? repoPath('node_modules/.cache') : tmpdir();
  mkdirSync(parent, { recursive: true });
  const outdir = mkdtempSync(path.join(parent, 'alumni-infra-test-'));
  // A known address for links in emails, unless the test is about where that address comes from.
  const givenAddress = options.context && ('siteUrl' in options.context || 'domainName' in options.context);
  const context = {
    ...cdkJson.context,
    ...(givenAddress ? {} : { siteUrl: testSiteUrl }),
    ...options.context,
    ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
  };
  // CDK's own CloudFormation template validation runs in the CLI synth that functions.test.ts checks, as
  // `npm run synth` runs it; in process it would only print warnings no test reads, at about 1 CPU-second a synth.
  const app = new App({ outdir, context, builtinCloudFormationValidation: false });
  const config = stageConfigFromContext((key) => app.node.tryGetContext(key), {});
  // The stand-in build lives inside the output folder, so disposing of one removes both.
  const siteDir = options.siteDir === null ? path.join(outdir, 'no-build') : (options.siteDir ?? fixtureSite(outdir));
  const stacks = createStage(app, config, { siteDir });
  if (options.nag) addNagChecks(app);
  return { app, config, stacks, outdir };
}

export function synthStage(options: SynthOptions = {}): SynthResult {
  const { app, config, stacks, outdir } = buildStage(options);
  const assembly = app.synth();
  const json = (stack: Stack) => assembly.getStackByName(stack.stackName).template;
  return {
    app,
    config,
    stacks,
    assembly,
    outdir,
    json,
    template: (stack) => Template.fromJSON(json(stack)),
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** The logical id of the single resource of `type` in `template` whose id starts with `prefix`. */
export function logicalIdOf(result: SynthResult, stack: Stack, type: string, prefix = ''): string {
  const ids = Object.entries(result.json(stack).Resources)
    .filter(([id, resource]) => resource.Type === type && id.startsWith(prefix))
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with "${prefix}" in ${stack.stackName}, found ${ids.join(', ') || 'none'}`);
  return ids[0]!;
}
