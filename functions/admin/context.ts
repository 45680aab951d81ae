/**
 * What every staff command works with: the target table, the content the
 * API enforces (events, mentors, funds from the manifest), the clock, and
 * where to print. Resolved once, on the first command that needs data.
 */
import { writeFile } from 'node:fs/promises';
import { bundledManifest, contentIndex, type ContentIndex, type ContentManifest, type ManifestEvent } from '../shared/content';
import type { StoreContext } from '../registrations/store';
import { AdminError, type Writer } from './output';
import { resolveTarget, type Target, type TargetOptions } from './target';

export interface AdminIo {
  stdout: Writer;
  stderr: Writer;
  /** The content manifest (default: the one `npm run manifest` wrote from content/). */
  manifest?: ContentManifest;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
}

export interface AdminContext {
  target: Target;
  content: ContentIndex;
  now(): Date;
  out(text: string): void;
  /** An export: to `file` if given (readable by its owner only, as it may hold personal data), else to stdout. */
  emit(text: string, file: string | undefined): Promise<void>;
  stderr: Writer;
  /** The event named by its slug, as content defines it. */
  event(slug: string): ManifestEvent;
  /** What the registrations store needs to write (and to sign links in emails). */
  storeContext(): Promise<StoreContext>;
}

export type ContextSource = () => Promise<AdminContext>;

export function contextSource(io: AdminIo, options: () => TargetOptions): ContextSource {
  let resolved: Promise<AdminContext> | undefined;
  return () =>
    (resolved ??= (async () => {
      const target = await resolveTarget(options(), io.env ?? process.env);
      const manifest = io.manifest ?? bundledManifest;
      const content = contentIndex(manifest);
      const now = io.now ?? (() => new Date());
      return {
        target,
        content,
        now,
        out: (text: string) => void io.stdout.write(text),
        async emit(text: string, file: string | undefined) {
          if (!file) return void io.stdout.write(text);
          await writeFile(file, text, { mode: 0o600 });
          io.stderr.write(`Wrote ${file}.\n`);
        },
        stderr: io.stderr,
        event(slug: string) {
          const event = content.events.get(slug);
          if (!event) throw new AdminError(`There is no event "${slug}" in content/events/. \`npm run admin -- events list\` shows the events.`);
          return event;
        },
        async storeContext() {
          if (!target.siteUrl) throw new AdminError('The site address of this stage is not known: set siteUrl for the stage in infra/cdk.json.');
          return { table: target.table, siteUrl: target.siteUrl, retentionDays: target.retentionDays, secret: await target.signingSecret(), now: now() };
        },
      };
    })());
}
