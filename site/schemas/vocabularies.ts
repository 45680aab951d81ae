/**
 * The words content and the API share, each listed once. Plain constants, no
 * zod and no Node: the content schemas, the manifest, the functions, the email
 * templates and the form islands all import them, and each side wraps them in
 * its own messages (editors are told what to write, people filling a form what
 * to choose).
 */

/** How an event takes place (`format:` of an event). */
export const eventFormats = ['in-person', 'online', 'hybrid'] as const;
export type EventFormat = (typeof eventFormats)[number];

/** The kinds of mentoring a mentor offers and a request asks for (`mentor.formats:` of a profile). */
export const mentoringFormats = ['one-off', 'short-term', 'long-term'] as const;
export type MentoringFormat = (typeof mentoringFormats)[number];

/** An ISO 4217 currency code as written in content and sent by the donation form, e.g. "EUR". */
export const currencyCodePattern = /^[A-Z]{3}$/;
