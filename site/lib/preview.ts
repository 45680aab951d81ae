/**
 * A preview of a pull request is built with `BASE_PATH=/pr-123/` and
 * `PUBLIC_PREVIEW=1` (.github/workflows/preview.yml) and served under that
 * prefix by a distribution that has nothing else: no API. Its forms say they
 * are disabled (site/components/FormMount.astro), and client scripts that
 * would ask the API (mentor availability, who's coming, fund progress) ask
 * nothing there, so the built text stays.
 *
 * The API is not one of the site's files: on a stage it answers at the
 * origin's `/api/`, never under a base path. Addresses of the site's own
 * files that a script writes take Astro's `import.meta.env.BASE_URL` (see
 * site/scripts/search.ts).
 */

/**
 * False on a preview of a pull request (built with PUBLIC_PREVIEW=1), which has no API behind it. Vite writes the
 * value in; a bundle made without Vite (the proof-of-work benchmark's, test/bench/challenge.ts) has no
 * `import.meta.env` and talks to an API.
 */
export const hasApi: boolean = (import.meta.env as ImportMetaEnv | undefined)?.PUBLIC_PREVIEW !== '1';
