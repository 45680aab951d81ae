/**
 * Runs the staff command line in this process, against the test stack's
 * table (`t.env`: DynamoDB Local's address, the table, the site address and
 * signing key), with the given content manifest; returns the exit code and
 * what it printed.
 */
import type { ContentManifest } from '../../site/manifest/manifest-schema';

export interface AdminRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function adminRunner(manifest: () => ContentManifest, env: () => NodeJS.ProcessEnv) {
  return async (...argv: string[]): Promise<AdminRun> => {
    const { runAdmin } = await import('../../functions/admin/program');
    let stdout = '';
    let stderr = '';
    const code = await runAdmin(argv, {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      manifest: manifest(),
      env: { ...env() },
    });
    return { code, stdout, stderr };
  };
}
