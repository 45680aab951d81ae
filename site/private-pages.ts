/**
 * Pages reached only through emailed private links (a capability token in the
 * query): kept out of the sitemap and out of the tests' list of public pages.
 * robots.txt and each page's `noindex` keep search engines away as well.
 */
export const privatePage = /\/events\/[^/]+\/(manage|rate)\/$|\/mentoring\/(respond|manage)\/$|\/newsletter\/(confirm|preferences)\/$/;
