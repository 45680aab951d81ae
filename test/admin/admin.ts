/**
 * Runs the staff command line in this process, against the test stack's
 * DynamoDB Local (its environment is set by startTestStack), with the
 * given content manifest; returns the exit code and what it printed.
 */
import type { ContentManifest } from '../../site/manifest/manifest-schema';

export interface AdminRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function adminRunner(manifest: () => ContentManifest) {
  return async (...argv: string[]): Promise<AdminRun> => {
    const { runAdmin } = await import('../../functions/admin/program');
    let stdout = '';
    let stderr = '';
    const code = await runAdmin(argv, {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      manifest: manifest(),
    });
    return { code, stdout, stderr };
  };
}
