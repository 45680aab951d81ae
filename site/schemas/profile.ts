import { z } from 'zod';
import { altText, altTextFor, link, tag } from './common';
import { mentoringFormats } from './vocabularies';

export const mentoringFormat = z.enum(mentoringFormats, {
  error: 'Write one of: one-off, short-term, long-term.',
});

/** Mentoring offer on a profile. */
export const mentorOffer = z.strictObject({
  /** Open to new mentees now. */
  available: z.boolean('Write true or false.'),
  /** Active mentees at most. */
  capacity: z.int('Write the capacity as a whole number, e.g. 3.').min(0, 'Write 0 or more.').max(20, 'Write at most 20: mentors rarely manage more at once.'),
  /** What they mentor on, in plain words, e.g. "product management". */
  topics: z.array(z.string().min(1).max(60)).default([]),
  /** Formats they offer. */
  formats: z.array(mentoringFormat).default([...mentoringFormats]),
});

// The fields are made once, here: Astro makes a collection's schema again for every entry, around that
// entry's own image(), and making every field again took most of that time.
const beforePhoto = {
  /** Full name as they want it shown. */
  name: z.string().min(1).max(100),
  /** Year of graduation (or expected). */
  classYear: z.int('Write the class year as a number, e.g. 2012.').min(1900, 'Write a four-digit year, e.g. 2012.').max(2100, 'Write a four-digit year, e.g. 2012.'),
  /** Degree and programme, e.g. "BSc Computer Science". */
  degree: z.string().min(1).max(120),
  /** Current role, e.g. "Head of Product". */
  role: z.string().min(1).max(120),
  /** Employer or own company. */
  organization: z.string().min(1).max(120),
  /** Industry, e.g. "Technology", "Public Health". */
  industry: z.string().min(1).max(60),
  /** City they live in. */
  city: z.string().min(1).max(80),
  /** Country they live in. */
  country: z.string().min(1).max(80),
  /** Languages they speak. */
  languages: z.array(z.string().min(1).max(40)).min(1, 'List at least one language, e.g. [English].'),
};
const afterPhoto = {
  /** What the photo shows. */
  photoAlt: altText.optional(),
  /** Links they chose to publish. */
  links: z.array(link).default([]),
  /** Mentoring offer, if any. */
  mentor: mentorOffer.optional(),
  /** Tags from `content/tags.yaml`. */
  tags: z.array(tag).default([]),
};
const photoNeedsAlt = altTextFor('photo', 'photoAlt');

/** Front matter of `content/profiles/*.md`: alumni success profiles. No email addresses: contact goes through the site. */
export function profileSchema<I extends z.ZodType>(image: I) {
  return z
    .strictObject({
      ...beforePhoto,
      /** Optional portrait. */
      photo: image.optional(),
      ...afterPhoto,
    })
    .superRefine(...photoNeedsAlt);
}
