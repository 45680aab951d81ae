import { z } from 'zod';
import { SITE } from '../consts';
import { altText, altTextFor, calendarDate, dateTimeInput, slug, tag } from './common';
import { toInstant } from './time';

// The fields are made once, here: Astro makes a collection's schema again for every entry, around that
// entry's own image(), and making every field again took most of that time.
const beforeImage = {
  /** Headline, shown on cards and the page. */
  title: z.string().min(1).max(120),
  /** One or two sentences for cards and feeds. */
  summary: z.string().min(1).max(200, 'Keep the summary to 200 characters: it is shown on cards and in feeds.'),
  /** Publication date, YYYY-MM-DD. */
  date: calendarDate,
  /** Who wrote the story. */
  author: z.string().min(1).max(100),
  /** Topics from `content/tags.yaml`. */
  tags: z.array(tag).default([]),
  /** Profile slugs of the alumni the story features. */
  profiles: z.array(slug).default([]),
};
const afterImage = {
  /** What the image shows, for people who cannot see it. */
  imageAlt: altText.optional(),
  /** Show on the home page. */
  featured: z.boolean('Write true or false.').default(false),
  /** Hide from the site while it is being written. */
  draft: z.boolean('Write true or false.').default(false),
  /** When the story appears on the site: the first build after this date-time (in the university's time zone unless an offset is given). */
  publishAt: dateTimeInput.optional(),
};
const imageNeedsAlt = altTextFor('image', 'imageAlt');

/** Front matter of `content/stories/*.md`: alumni success stories. The parsed result adds `publishesAt`, the instant of `publishAt`. */
export function storySchema<I extends z.ZodType>(image: I) {
  return z
    .strictObject({
      ...beforeImage,
      /** Optional lead image, next to the Markdown or under `content/images/`. */
      image: image.optional(),
      ...afterImage,
    })
    .superRefine(...imageNeedsAlt)
    .transform((s) => ({ ...s, publishesAt: s.publishAt === undefined ? undefined : toInstant(s.publishAt, SITE.timeZone) }));
}
