/**
 * /stories/index.json: the stories list's tag filter index, one row per
 * story, newest first (site/lib/list-index.ts). The filter script on
 * /stories/ fetches it the first time someone reaches for a topic.
 */
import type { APIRoute } from 'astro';
import { getImage } from 'astro:assets';
import { getStories } from '../../lib/content';
import { isoDate } from '../../lib/format';
import { table, type IndexImage, type StoryIndex } from '../../lib/list-index';

export const GET: APIRoute = async () => {
  const stories = await getStories();
  const tags = table<string>();
  const images = table<IndexImage>((i) => `${i.src} ${i.alt}`);
  const rows: StoryIndex['stories'] = [];
  for (const s of stories) {
    const d = s.data;
    let image = -1;
    if (d.image) {
      // As StoryCard.astro asks for it: the same files, made once.
      const made = await getImage({ src: d.image, widths: [400, 640, 960] });
      image = images.id({
        src: made.src,
        srcset: made.srcSet.attribute,
        width: Number(made.attributes.width ?? d.image.width),
        height: Number(made.attributes.height ?? d.image.height),
        alt: d.imageAlt ?? '',
      });
    }
    rows.push([s.id, d.title, isoDate(d.date), d.tags.map((t) => tags.id(t)), d.summary, image]);
  }
  const index: StoryIndex = { tags: tags.values, images: images.values, stories: rows };
  return new Response(JSON.stringify(index), { headers: { 'Content-Type': 'application/json' } });
};
