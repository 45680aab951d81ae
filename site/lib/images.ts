/**
 * Images made once per build. Astro's `getImage` hashes every transform (each
 * width of a srcset) on every call; a story's card shows the same picture with
 * the same options on every list, tag page, profile and related section it is
 * in, and every page without a picture of its own shares the default one. Not
 * cached by the dev server, where images change while it runs.
 */
import { getImage } from 'astro:assets';
import ogDefault from '../assets/og-default.svg';

type Options = Parameters<typeof getImage>[0];
type Made = Awaited<ReturnType<typeof getImage>>;

const made = new Map<string, Promise<Made>>();

/** `getImage(options)`, made once per build for the same source and options. */
export function imageOnce(options: Options): Promise<Made> {
  if (import.meta.env.DEV) return getImage(options);
  // An imported image is an object; its `src` (a path in the build) names it.
  const key = JSON.stringify(options, (name, value: unknown) => (name === 'src' && typeof value === 'object' && value !== null && 'src' in value ? value.src : value));
  let image = made.get(key);
  if (!image) made.set(key, (image = getImage(options)));
  return image;
}

/** The share image of pages without one of their own: the site's artwork as a 1200×630 PNG. */
export const defaultShareImage = (): Promise<Made> => imageOnce({ src: ogDefault, format: 'png', width: 1200, height: 630 });
