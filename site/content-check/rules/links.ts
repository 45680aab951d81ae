/**
 * Every internal link in a body points to a page that will exist: a story,
 * event, profile or fund that is there and published (not a draft, not
 * waiting for its `publishAt`), a
 * story tag page that has stories, or one of the site's own pages. Addresses
 * are written from the site root with the trailing slash the site uses.
 */
import { SITE, STORIES_PER_PAGE } from '../../consts';
import { isTimeZone, toInstant } from '../../schemas';
import { inBody, readable, type Rule } from '../context';
import type { Finding } from '../finding';
import { isExternal, linksOf } from '../markdown-links';
import { staticPages } from '../site-pages';
import { closest } from '../suggest';

const singular = { stories: 'story', events: 'event', profiles: 'profile', funds: 'fund' } as const;

export const links: Rule = async ({ content, pagesDir }) => {
  const pages = await staticPages(pagesDir);
  const slugsOf = (collection: 'stories' | 'events' | 'profiles' | 'funds') => new Set(content.files.filter((f) => f.collection === collection).map((f) => f.slug));
  const now = new Date();
  /** Why an item has no page yet, if so. */
  const unpublishedWhy = (data: Record<string, unknown>): string | undefined => {
    if (data['draft'] === true) return 'is a draft';
    const publishAt = data['publishAt'];
    if (typeof publishAt !== 'string') return undefined;
    const at = toInstant(publishAt, typeof data['timezone'] === 'string' && isTimeZone(data['timezone']) ? data['timezone'] : SITE.timeZone);
    return at > now ? `is published from ${publishAt} (publishAt)` : undefined;
  };
  const unpublished = new Map<string, string>();
  for (const collection of ['stories', 'events', 'funds'] as const) {
    for (const item of readable(content, collection)) {
      const why = unpublishedWhy(item.data);
      if (why) unpublished.set(`${collection}/${item.slug}`, why);
    }
  }
  const stories = readable(content, 'stories');
  const published = stories.filter((s) => !unpublished.has(`stories/${s.slug}`));
  const storyTags = new Set(published.flatMap((s) => (Array.isArray(s.data['tags']) ? s.data['tags'].map(String) : [])));
  const storyPages = Math.ceil(published.length / STORIES_PER_PAGE);
  // A story whose front matter cannot be read may carry any tag: its own finding comes first.
  const tagsKnown = content.files.every((f) => f.collection !== 'stories' || f.data !== undefined);
  const items = { stories: slugsOf('stories'), events: slugsOf('events'), profiles: slugsOf('profiles'), funds: slugsOf('funds') };

  const known = new Set(pages);
  for (const [collection, slugs] of Object.entries(items)) for (const slug of slugs) if (!unpublished.has(`${collection}/${slug}`)) known.add(`/${collection}/${slug}/`);
  for (const tag of storyTags) known.add(`/stories/tags/${tag}/`);
  for (let n = 2; n <= storyPages; n++) known.add(`/stories/${n}/`);
  for (const slug of items.events) if (!unpublished.has(`events/${slug}`)) known.add(`/events/${slug}.ics`);
  known.add('/stories/');

  /** Why `address` is not a page, or undefined when it is one. */
  const why = (address: string): { problem: string; fix: string } | undefined => {
    if (known.has(address)) return undefined;
    if (!address.endsWith('/') && known.has(`${address}/`)) return { problem: `${address} lacks the trailing slash the site's addresses end with`, fix: `write ${address}/` };
    const [, section, slug, extra] = address.split('/');
    const notYet = slug && !extra ? unpublished.get(`${section}/${slug}`) : undefined;
    if (notYet)
      return { problem: `the ${singular[section as keyof typeof singular]} "${slug}" ${notYet}, so its page is not published yet`, fix: 'link to it once it is published, or remove the link' };
    if (section === 'stories' && slug === 'tags' && extra && !tagsKnown) return undefined;
    if (section === 'stories' && slug === 'tags' && extra)
      return {
        problem: `no published story is tagged "${extra}", so there is no page for it`,
        fix: `link to a tag that stories use, e.g. /stories/tags/${closest(extra, storyTags) ?? [...storyTags][0] ?? 'mentoring'}/`,
      };
    const collection = section as keyof typeof items;
    if (collection in items && slug && !extra) {
      const guess = closest(slug, items[collection]);
      return {
        problem: `there is no ${singular[collection]} "${slug}" (no content/${collection}/${slug}.md)`,
        fix: guess ? `did you mean /${collection}/${guess}/?` : `link to an existing item, or add content/${collection}/${slug}.md`,
      };
    }
    const guess = closest(address, known);
    return { problem: `there is no page at ${address}`, fix: guess ? `did you mean ${guess}?` : 'check the address on the site and copy it from the address bar, without the domain' };
  };

  const findings: Finding[] = [];
  for (const file of content.files) {
    for (const link of linksOf(file)) {
      if (link.kind !== 'link' || link.url === '' || link.url.startsWith('#') || isExternal(link.url)) continue;
      const address = link.url.replace(/[?#].*$/, '');
      if (!address.startsWith('/')) {
        const target = markdownTarget(address, file.collection);
        findings.push(inBody(file, link.line, `${link.url} is not an address from the site root`, target ? `write ${target}` : 'write the address starting with /, e.g. /events/reunion-2027/'));
        continue;
      }
      const problem = why(address);
      if (problem) findings.push(inBody(file, link.line, problem.problem, problem.fix));
    }
  }
  return findings;
};

/** The page address of a link written to a Markdown file: "../profiles/li-wei-chen.md" → "/profiles/li-wei-chen/". */
function markdownTarget(link: string, from: string): string | undefined {
  const other = /(?:^|\/)(stories|events|profiles|funds)\/([^/]+)\.md$/.exec(link);
  if (other) return `/${other[1]}/${other[2]}/`;
  const sibling = /^(?:\.\/)?([^/]+)\.md$/.exec(link);
  return sibling ? `/${from}/${sibling[1]}/` : undefined;
}
