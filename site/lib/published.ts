/* One rule for the site's pages and for the manifest and digest content the functions read (no Astro import, so the manifest scripts can use it too). */

/**
 * Whether an item is on the site in this build: not a draft, and its
 * `publishAt` (if any) has passed by the build's clock. The hourly or nightly
 * rebuild publishes scheduled items (infra/README.md, "Scheduled publishing").
 */
export function isPublished(item: { draft: boolean; publishesAt?: Date | undefined }, now = new Date()): boolean {
  return !item.draft && (item.publishesAt === undefined || item.publishesAt <= now);
}
