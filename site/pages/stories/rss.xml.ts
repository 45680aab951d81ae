/** /stories/rss.xml: the stories feed, newest first. */
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { SITE } from '../../consts';
import { getStories } from '../../lib/content';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const GET: APIRoute = async ({ site }) => {
  const stories = await getStories();
  return rss({
    title: `${SITE.name}: stories`,
    description: `Success stories of ${SITE.university} alumni.`,
    site: site ?? 'http://localhost:4321',
    trailingSlash: true,
    customData: `<language>${SITE.lang}</language>`,
    items: stories.map((s) => ({
      title: s.data.title,
      description: s.data.summary,
      pubDate: s.data.date,
      link: `/stories/${s.id}/`,
      categories: s.data.tags,
      customData: `<dc:creator>${escapeXml(s.data.author)}</dc:creator>`,
    })),
    xmlns: { dc: 'http://purl.org/dc/elements/1.1/' },
  });
};
