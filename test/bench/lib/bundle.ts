/**
 * The Lambda bundles as the CDK app makes them (infra/constructs/app-function.ts,
 * NodejsFunction `bundling`): esbuild, ESM for Node 24, minified, external
 * source map without sources, the AWS SDK left to the runtime. Keep the two in step.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './paths';

const esmRequireBanner = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export interface LambdaBundle {
  file: string;
  /** index.mjs and the replaced modules shipped beside it: the code Lambda loads. */
  bytes: number;
  mapBytes: number;
}

/** A module left out of the bundle and shipped beside it instead (infra/constructs/app-function.ts `replacedModules`). */
export interface ReplacedModule {
  readonly external: string;
  readonly source: string;
  readonly file: string;
}

/** Bundles `entry` (relative to the repository) into `outDir/index.mjs`, copying `extraFiles` (absolute source → name) beside it. */
export async function bundleFunction(entry: string, outDir: string, extraFiles: Record<string, string> = {}, replacedModules: readonly ReplacedModule[] = []): Promise<LambdaBundle> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'index.mjs');
  await build({
    entryPoints: [path.join(repoRoot, entry)],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: { js: esmRequireBanner },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: ['@aws-sdk/*', ...replacedModules.map((m) => m.external)],
    tsconfig: path.join(repoRoot, 'tsconfig.json'),
    logLevel: 'error',
  });
  for (const [source, name] of Object.entries(extraFiles)) if (existsSync(source)) copyFileSync(source, path.join(outDir, name));
  let bytes = statSync(file).size;
  for (const m of replacedModules) {
    copyFileSync(m.source, path.join(outDir, m.file));
    bytes += statSync(m.source).size;
  }
  return { file, bytes, mapBytes: statSync(`${file}.map`).size };
}
