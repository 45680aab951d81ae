/**
 * Page weight: bytes of HTML, CSS, JavaScript and images of each page type,
 * from a production build of the project's content (built apart from dist/),
 * and the JavaScript that islands add.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pageAssets } from './lib/page-assets';
import { repoRoot, workDir } from './lib/paths';
import { kb, runPart, type Budget, type Row } from './lib/results';
import { astroBuild, ourSite, writeContent } from './lib/sites';

const storyBudgetKB = 40;
/** Issue 16: gzipped JavaScript of a form page, React included. */
const formJsBudgetKB = 70;

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
    { type: 'home', path: '/', kind: 'content' },
    { type: 'story', path: `/stories/${first('stories', (t) => !/^draft:\s*true/m.test(t))}/`, kind: 'content' },
    { type: 'stories index', path: '/stories/', kind: 'content' },
    { type: 'profile', path: `/profiles/${first('profiles')}/`, kind: 'content' },
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
    for (const page of pageTypes()) {
      const file = path.join(dist, page.path, 'index.html');
      if (!existsSync(file)) throw new Error(`the build has no ${page.path}`);
      const a = pageAssets(dist, file);
      const js = a.pageJs + a.islandJs;
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
        'JS gzip KB': kb(a.jsGzip),
        'JS at load gzip KB': kb(a.jsGzipAtLoad),
        'on-use JS gzip KB': kb(a.lazyJsGzip),
        islands: a.islands.join(', ') || '–',
      });
      if (page.kind === 'content') budgets.push({ name: `${page.type}: JavaScript`, limit: '0 bytes', value: `${js} bytes`, pass: js === 0 });
      if (page.kind === 'form') {
        budgets.push({ name: `${page.type}: JS gzip, form in use`, limit: `≤ ${formJsBudgetKB} KB`, value: `${kb(a.jsGzip)} KB`, pass: a.jsGzip <= formJsBudgetKB * 1024 });
        budgets.push({ name: `${page.type}: JS gzip at load`, limit: `≤ ${formJsBudgetKB} KB`, value: `${kb(a.jsGzipAtLoad)} KB`, pass: a.jsGzipAtLoad <= formJsBudgetKB * 1024 });
      }
      if (page.type === 'story')
        budgets.push({ name: 'story: HTML + CSS before images', limit: `< ${storyBudgetKB} KB`, value: `${kb(a.html + a.css)} KB`, pass: a.html + a.css < storyBudgetKB * 1024 });
    }
    return {
      rows,
      budgets,
      notes: [
        `A production build of content/ (${build.pages} pages, ${build.seconds.toFixed(1)} s). KB = 1,024 bytes, uncompressed unless marked gzip.`,
        "Content pages (home, story, stories index, profile) are held to no JavaScript. Events index and event pages carry the reader's-clock script, the directory its filters, search its Pagefind loader; form pages their island.",
        '"on-use JS" loads by dynamic import only when used (Pagefind\'s loader on search, what a form shows once sent; Pagefind\'s WebAssembly and index chunks come on top). Images: the <img> src candidates of the page (lazy ones included).',
        `"JS gzip": each JavaScript file gzipped on its own (zlib level 9, as a browser fetches them; inline scripts too), everything the page runs before anything is used: page scripts and every island with React and its static imports. "JS at load" leaves out islands hydrated client:visible (forms below the fold), which load when scrolled near. Form pages are held to ≤ ${formJsBudgetKB} KB on both.`,
      ],
    };
  });
}
