/** Paths inside the repository, wherever the CDK app or a test is started from. */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** An absolute path from one relative to the repository root. */
export const repoPath = (relative: string) => path.resolve(repoRoot, relative);
