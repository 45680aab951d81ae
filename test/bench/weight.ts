/**
 * Page weight: bytes of HTML, CSS, JavaScript and images of each page type,
 * from a production build of the project's content (built apart from dist/),
 * the JavaScript that islands add, and the JavaScript a browser fetches when
 * the page opens (in Chromium, on a phone's screen and a desktop's).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { scriptsAtLoad, screens } from './lib/loaded-js';
import { pageAssets } from './lib/page-assets';
import { repoRoot, workDir } from './lib/paths';
import { kb, runPart, type Budget, type Row } from './lib/results';
import { astroBuild, ourSite, writeContent } from './lib/sites';

const storyBudgetKB = 40;
/** Issue 16: gzipped JavaScript a form page loads when it opens, before the reader comes to its form, React included. */
const formJsBudgetKB = 70;
/** The screen the budget is held on: Lighthouse's mobile default, as the performance budgets. */
const budgetScreen = 'phone';

type Kind = 'content' | 'script' | 'form';

/** The first Markdown file of a collection, by name (its page is the example of its type). */
const first = (collection: string, accept: (text: string) => boolean = () => true) =>
  readdirSync(path.join(repoRoot, 'content', collection))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .find((f) => accept(readFileSync(path.join(repoRoot, 'content', collection, f), 'utf8')))!
    .replace(/\.md$/, '');

export function pageTypes(): { type: string; path: string; kind: Kind }[] {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'functions/generated/content-manifest.json'), 'utf8')) as { events: { slug: string; startsAt: string }[] };
  const upcoming = manifest.events.filter((e) => new Date(e.startsAt) > new Date()).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0] ?? manifest.events[0]!;
  return [
    { type: 'home', path: '/', kind: 'script' },
    { type: 'story', path: `/stories/${first('stories', (t) => !/^draft:\s*true/m.test(t))}/`, kind: 'content' },
    { type: 'stories index', path: '/stories/', kind: 'script' },
    { type: 'profile', path: `/profiles/${first('profiles')}/`, kind: 'script' },
    { type: 'event', path: `/events/${upcoming.slug}/`, kind: 'form' },
    { type: 'events index', path: '/events/', kind: 'script' },
    { type: 'directory', path: '/profiles/', kind: 'script' },
    { type: 'search', path: '/search/', kind: 'script' },
    { type: 'mentoring', path: '/mentoring/', kind: 'form' },
    { type: 'give', path: '/give/', kind: 'form' },
    { type: 'fund', path: `/funds/${first('funds')}/`, kind: 'form' },
    { type: 'newsletter', path: '/newsletter/', kind: 'form' },
    { type: 'newsletter preferences', path: '/newsletter/preferences/', kind: 'form' },
    { type: 'manage registration', path: `/events/${upcoming.slug}/manage/`, kind: 'form' },
    { type: 'mentor response', path: '/mentoring/respond/', kind: 'form' },
    { type: 'manage mentorship', path: '/mentoring/manage/', kind: 'form' },
  ];
}

export function runWeight() {
  return runPart('weight', async () => {
    const root = path.join(workDir, 'weight');
    rmSync(root, { recursive: true, force: true });
    writeContent(root, 0);
    const build = await astroBuild(ourSite(root));
    const dist = path.join(root, 'dist');
    const rows: Row[] = [];
    const budgets: Budget[] = [];
    let reactGzip = 0;
    const atLoad = await scriptsAtLoad(
      dist,
      pageTypes().map((p) => p.path),
    );
    for (const page of pageTypes()) {
      const file = path.join(dist, page.path, 'index.html');
      if (!existsSync(file)) throw new Error(`the build has no ${page.path}`);
      const a = pageAssets(dist, file);
      const js = a.pageJs + a.islandJs;
      reactGzip = Math.max(reactGzip, a.rendererJsGzip);
      /** Fetched scripts plus the inline ones, per screen. */
      const loaded = Object.fromEntries(screens.map((screen) => [screen.name, a.inlineJsGzip + (atLoad.get(page.path)?.[screen.name]?.gzip ?? 0)]));
      rows.push({
        page: page.type,
        path: page.path,
        'HTML KB': kb(a.html),
        'CSS KB': kb(a.css),
        'page JS KB': kb(a.pageJs),
        'island JS KB': kb(a.islandJs),
        'on-use JS KB': kb(a.lazyJs),
        'images KB': kb(a.images),
        'HTML+CSS+JS gzip KB': kb(a.gzip),
        'JS gzip before use KB': kb(a.jsGzip),
        ...Object.fromEntries(screens.map((screen) => [`JS gzip at load, ${screen.name} KB`, kb(loaded[screen.name]!)])),
        'JS gzip on use KB': kb(a.lazyJsGzip),
        islands: a.islands.join(', ') || '–',
      });
      if (page.kind === 'content') budgets.push({ name: `${page.type}: JavaScript`, limit: '0 bytes', value: `${js} bytes`, pass: js === 0 });
      if (page.kind === 'form')
        budgets.push({
          name: `${page.type}: JS gzip at load (${budgetScreen})`,
          limit: `≤ ${formJsBudgetKB} KB`,
          value: `${kb(loaded[budgetScreen]!)} KB`,
          pass: loaded[budgetScreen]! <= formJsBudgetKB * 1024,
        });
      if (page.type === 'story')
        budgets.push({ name: 'story: HTML + CSS before images', limit: `< ${storyBudgetKB} KB`, value: `${kb(a.html + a.css)} KB`, pass: a.html + a.css < storyBudgetKB * 1024 });
    }
    return {
      rows,
      budgets,
      notes: [
        `A production build of content/ (${build.pages} pages, ${build.seconds.toFixed(1)} s). KB = 1,024 bytes, uncompressed unless marked gzip.`,
        "Story pages are held to no JavaScript. The home page and profiles carry the script that shows mentors' places live, the stories index its topic filter, the events index and event pages the reader's-clock script, the directory its filters, search its Pagefind loader, /give/ and fund pages the funds' live totals; form pages their island.",
        '"on-use JS" loads by dynamic import only when used (Pagefind\'s loader on search, what a form shows once sent; Pagefind\'s WebAssembly and index chunks come on top). Images: the <img> src candidates of the page (lazy ones included).',
        `JS gzip: each JavaScript file gzipped on its own (zlib level 9, as a browser fetches them; inline scripts too). "Before use": everything the page can run before anything on it is used, page scripts and every island with React and its static imports, whenever they hydrate. "At load": what Chromium fetched when the page opened and nothing was touched, until the network had been quiet for a second, on a ${screens.map((s) => `${s.name} screen (${s.width}×${s.height})`).join(' and a ')}, served as the local server serves dist/ without the API. Islands hydrated client:near (forms below the fold, see site/README.md) load only when the reader comes within 400px of them or presses Tab, so they count at load only where they are that near the first screen. "On use": dynamic imports, as above.`,
        `The ${formJsBudgetKB} KB budget of a form page applies to "at load" on the ${budgetScreen} screen (Lighthouse's mobile screen, on which the performance budgets are held too): what a reader downloads before they come to the form. The desktop figure is reported beside it: a taller screen puts more of the page near the first screen. Pages whose form is the page (newsletter and its preferences, the manage and answer pages from emailed links) hydrate client:load, so for them at load = before use, and they stay over the budget while React stays: the islands' renderer (React DOM's client, React and Astro's hydration for React) is ${kb(reactGzip)} KB gzipped on its own, before any form code.`,
      ],
    };
  });
}
