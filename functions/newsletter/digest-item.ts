/**
 * An issue's digest item and the picks in its jobs (see emails.ts): how the
 * issue writes them (`splitDigest`) and how the mailer puts a subscriber's
 * digest back together (`createDigestReader`). Small on purpose: the mailer
 * bundles it.
 *
 * The item's sort key is a hash of its content, so a queueing run that
 * computes the same entries as an earlier one (a resumed issue) finds its item
 * written already, and a run that computes others (a mentor's place taken in
 * between) writes an item of its own: jobs written earlier keep pointing at
 * the entries they were chosen from.
 */
import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../shared/clients';
import { keys } from '../shared/table';
import type { IssueDigest, NewsletterEmailData, NewsletterJobData } from './emails';

/** Over this many bytes (DynamoDB's item limit is 400 KB), an issue's jobs carry their whole digests instead. */
export const maxDigestItemBytes = 300_000;

/** The sort key of a digest item: a hash of what it holds. */
export function digestSortKey(digest: IssueDigest): string {
  return `DIGEST#${createHash('sha256').update(JSON.stringify(digest)).digest('base64url').slice(0, 16)}`;
}

export function isJobData(data: NewsletterEmailData | NewsletterJobData): data is NewsletterJobData {
  return typeof (data as NewsletterJobData).digest === 'string';
}

/**
 * A subscriber's digest as picks from `digest` (stored under `sortKey`), or undefined when one of its
 * entries is not in the item (then the job carries the whole digest).
 */
export function splitDigest(data: NewsletterEmailData, digest: IssueDigest, sortKey: string): NewsletterJobData | undefined {
  const at = (list: Array<{ url: string }>) => {
    const byUrl = new Map(list.map((entry, i) => [entry.url, i]));
    return (url: string) => byUrl.get(url) ?? -1;
  };
  const story = at(digest.stories);
  const event = at(digest.events);
  const mentor = at(digest.mentors);
  const picks = {
    stories: data.stories.map((s) => story(s.url)),
    events: data.events.map((e) => event(e.url)),
    mentors: data.mentors.map((m) => ({ at: mentor(m.url), topics: m.topics })),
  };
  if ([...picks.stories, ...picks.events, ...picks.mentors.map((m) => m.at)].includes(-1)) return undefined;
  if (data.funds.length !== digest.funds.length || data.title !== digest.title || data.siteUrl !== digest.siteUrl) return undefined;
  return {
    issueId: data.issueId,
    subscriptionId: data.subscriptionId,
    digest: sortKey,
    ...(data.name ? { name: data.name } : {}),
    ...(data.timeZone ? { timeZone: data.timeZone } : {}),
    ...picks,
    preferencesUrl: data.preferencesUrl,
    unsubscribeUrl: data.unsubscribeUrl,
  };
}

/** The subscriber's whole digest again, from their picks and the issue's item. */
export function joinDigest(data: NewsletterJobData, digest: IssueDigest): NewsletterEmailData {
  const entry = <T>(list: T[], i: number): T => {
    const found = list[i];
    if (found === undefined) throw new Error(`Digest item ${data.digest} of issue ${data.issueId} has no entry ${i}`);
    return found;
  };
  return {
    issueId: data.issueId,
    subscriptionId: data.subscriptionId,
    ...(data.name ? { name: data.name } : {}),
    title: digest.title,
    ...(data.timeZone ? { timeZone: data.timeZone } : {}),
    stories: data.stories.map((i) => entry(digest.stories, i)),
    events: data.events.map((i) => entry(digest.events, i)),
    mentors: data.mentors.map((m) => ({ ...entry(digest.mentors, m.at), topics: m.topics })),
    funds: digest.funds,
    preferencesUrl: data.preferencesUrl,
    unsubscribeUrl: data.unsubscribeUrl,
    siteUrl: digest.siteUrl,
  };
}

/**
 * Reads digest items for the mailer, each once (an item never changes): a job
 * with picks becomes its whole digest; a whole digest is answered as it is. A
 * missing item is an error, so the job is retried and, in the end, parked for
 * staff, never sent half empty.
 */
export function createDigestReader(table: Table, keep = 20): (data: NewsletterEmailData | NewsletterJobData) => Promise<NewsletterEmailData> {
  const items = new Map<string, Promise<IssueDigest>>();
  const read = (issueId: string, sortKey: string) => {
    const cacheKey = `${issueId}/${sortKey}`;
    let item = items.get(cacheKey);
    if (!item) {
      item = table.db.send(new GetCommand({ TableName: table.name, Key: keys.issueDigest(issueId, sortKey) })).then((result) => {
        if (!result.Item) throw new Error(`Digest item ${sortKey} of issue ${issueId} not found`);
        return result.Item.digest as IssueDigest;
      });
      // A failed read is not kept: the next job asks again.
      item.catch(() => items.delete(cacheKey));
      items.set(cacheKey, item);
      if (items.size > keep) items.delete(items.keys().next().value!);
    }
    return item;
  };
  return async (data) => (isJobData(data) ? joinDigest(data, await read(data.issueId, data.digest)) : data);
}
