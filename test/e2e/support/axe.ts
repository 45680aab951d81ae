/**
 * axe-core in the page as it is now, one way for every browser test. Legacy mode runs `axe.run` in the page
 * itself; the default runs each frame's part and then opens a blank page to put the parts together, which cost
 * about half of each check's time. The site has no frames (a test in build-output checks there is no iframe),
 * so nothing goes unchecked.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** WCAG 2.2 A and AA, and axe's best practices. */
export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** What axe finds, one line per rule: `rule-id: selector, selector`. Tags by default, or only the named rules. */
export async function axeViolations(page: Page, only: { rules: string[] } | { tags: string[] } = { tags: axeTags }): Promise<string[]> {
  // Only violations are read: axe then skips gathering the details of every passing and incomplete check.
  const builder = new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ['violations'] });
  const { violations } = await ('rules' in only ? builder.withRules(only.rules) : builder.withTags(only.tags)).analyze();
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
