/** Where the benchmarks live and where they put their scratch work (test/bench/.work/, ignored by git). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(benchDir, '../..');
/** Scratch space inside the repository, so bundles and generated sites resolve packages from its node_modules. */
export const workDir = path.join(benchDir, '.work');
/** Node 24 from the `node` devDependency, whatever node runs this script. */
export const node24 = path.join(repoRoot, 'node_modules/.bin/node');
export const tsxCli = path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs');
export const astroCli = path.join(repoRoot, 'node_modules/astro/bin/astro.mjs');
