/**
 * What every staff command works with: the target table, the content the
 * API enforces (events, mentors, funds from the manifest), the clock, and
 * where to print. Resolved once, on the first command that needs data.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { closest } from '../../site/content-check/suggest';
import { contentIndex, type ContentIndex, type ContentManifest, type ManifestEvent } from '../shared/content-index';
import { readAdminContent, skippedItem, type AdminContent } from './content';
import type { StoreContext } from '../registrations/store';
import { AdminError, type Writer } from './output';
import { repositoryRoot, resolveTarget, type Target, type TargetOptions } from './target';

export interface AdminIo {
  stdout: Writer;
  stderr: Writer;
  /** The content (default: read from `contentDir`, leniently). */
  manifest?: ContentManifest;
  /** Where the content is read from when no manifest is given (default: this checkout's content/). */
  contentDir?: string;
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
  /** The event named by its slug, as content defines it; an AdminError with "did you mean" when there is none. */
  event(slug: string): ManifestEvent;
  /** Why an event, fund or mentor named on the command line is unknown: an AdminError saying the likely one, or why its file was left out. */
  unknown(kind: 'event' | 'fund' | 'mentor', slug: string): AdminError;
  /** What the registrations store needs to write (and to sign links in emails). */
  storeContext(): Promise<StoreContext>;
}

export type ContextSource = () => Promise<AdminContext>;

export function contextSource(io: AdminIo, options: () => TargetOptions): ContextSource {
  let resolved: Promise<AdminContext> | undefined;
  return () =>
    (resolved ??= (async () => {
      const target = await resolveTarget(options(), io.env ?? process.env);
      const read: AdminContent = io.manifest ? { index: contentIndex(io.manifest), skipped: [] } : await readAdminContent(io.contentDir ?? path.join(repositoryRoot, 'content'), io.stderr);
      const content = read.index;
      const collections = { event: ['events', content.events, 'events list'], fund: ['funds', content.funds, 'donations totals'], mentor: ['profiles', content.mentors, 'mentoring load'] } as const;
      const unknown = (kind: 'event' | 'fund' | 'mentor', slug: string) => {
        const [collection, known, listing] = collections[kind];
        const skipped = skippedItem(read, collection, slug);
        if (skipped) return new AdminError(`${skipped.file} has a problem, so the ${kind} "${slug}" is not known: ${skipped.problem}. \`npm run content:check\` says what to fix.`);
        const guess = closest(slug, known.keys());
        return new AdminError(`There is no ${kind} "${slug}" in content/${collection}/.${guess ? ` Did you mean "${guess}"?` : ''} \`npm run admin -- ${listing}\` lists them.`);
      };
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
          if (!event) throw unknown('event', slug);
          return event;
        },
        unknown,
        async storeContext() {
          if (!target.siteUrl) throw new AdminError('The site address of this stage is not known: set siteUrl for the stage in infra/cdk.json.');
          return { table: target.table, siteUrl: target.siteUrl, retentionDays: target.retentionDays, secret: await target.signingSecret(), now: now() };
        },
      };
    })());
}
