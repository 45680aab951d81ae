/**
 * Mentors' addresses for a test file, as the functions read them locally: a
 * JSON file named by MENTOR_EMAILS_FILE (see functions/shared/config.ts),
 * written to a folder of its own and removed after the file's tests.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface MentorEmailsFile {
  file: string;
  remove(): Promise<void>;
}

/** Writes `{"profile-slug": "address"}` and points MENTOR_EMAILS_FILE at it. */
export async function useMentorEmails(addresses: Record<string, string>): Promise<MentorEmailsFile> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mentors-'));
  const file = path.join(dir, 'mentor-emails.local.json');
  await writeFile(file, JSON.stringify(addresses));
  process.env.MENTOR_EMAILS_FILE = file;
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}
