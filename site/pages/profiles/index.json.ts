/**
 * /profiles/index.json: the directory's filter index, one row per profile
 * (site/lib/list-index.ts). The filter script fetches it the first time
 * someone uses the filters, never on page load.
 */
import type { APIRoute } from 'astro';
import { getImage } from 'astro:assets';
import { getProfiles, isMentor } from '../../lib/content';
import { table, type DirectoryIndex, type IndexImage, type IndexValue } from '../../lib/list-index';
import { valueSlug } from '../../lib/directory';

export const GET: APIRoute = async () => {
  const profiles = await getProfiles();
  const value = () => table<IndexValue>(([, slug]) => slug);
  const industries = value();
  const countries = value();
  const languages = value();
  const photos = table<IndexImage>((i) => `${i.src} ${i.alt}`);
  const rows: DirectoryIndex['profiles'] = [];
  for (const p of profiles) {
    const d = p.data;
    let photo = -1;
    if (d.photo) {
      // As ProfilePhoto.astro asks for it: the same file names, made once.
      const image = await getImage({ src: d.photo, width: 64, height: 64, densities: [1, 2] });
      photo = photos.id({ src: image.src, srcset: image.srcSet.attribute, width: 64, height: 64, alt: d.photoAlt ?? '' });
    }
    const id = (t: ReturnType<typeof value>, label: string) => t.id([label, valueSlug(label)]);
    rows.push([
      p.id,
      d.name,
      d.classYear,
      d.degree,
      d.role,
      d.organization,
      id(industries, d.industry),
      d.city,
      id(countries, d.country),
      d.languages.map((l) => id(languages, l)),
      isMentor(p) ? 1 : 0,
      photo,
    ]);
  }
  const index: DirectoryIndex = { industries: industries.values, countries: countries.values, languages: languages.values, photos: photos.values, profiles: rows };
  return new Response(JSON.stringify(index), { headers: { 'Content-Type': 'application/json' } });
};
