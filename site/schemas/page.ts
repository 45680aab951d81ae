import { z } from 'zod';
import { calendarDate } from './common';

/**
 * Front matter of `content/pages/*.md`: pages of plain text the site shows at a
 * fixed address (`contentPages` in site/content-files.ts says which file is
 * shown where), such as the mentoring guidelines.
 */
export const pageSchema = z.strictObject({
  /** Heading at the top of the page, and its title in search results and link previews. */
  title: z.string().min(1).max(120),
  /** One or two sentences for search results and link previews. */
  description: z.string().min(1).max(200, 'Keep the description to 200 characters: it is shown in search results.'),
  /** When the text was last reviewed, YYYY-MM-DD; shown under the heading. */
  updated: calendarDate.optional(),
});
export type PageInput = z.input<typeof pageSchema>;
export type PageData = z.output<typeof pageSchema>;
