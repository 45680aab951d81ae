/**
 * `admin mentoring …`: the queue of mentor requests by status, the pairs
 * made (accepted requests), and each mentor's load against their capacity.
 * Requesters' names only with --names; addresses never (see `privacy export`).
 */
import { Command, Option } from 'commander';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { gsi1, indexKeys, keys } from '../shared/table';
import { endMentorship } from '../mentoring/mentorships';
import { normalise } from '../mentoring/matching';
import { getMentorRequest, mentorLoads, type MentorRequestItem, type MentorRequestStatus } from '../mentoring/store';
import { mentorColumns, mentorNaming } from './content';
import type { AdminContext, ContextSource } from './context';
import { AdminError, formatOption, progress, render, type Column, type Format, type Progress } from './output';
import { queryIndexPartition } from './read';

const statuses: MentorRequestStatus[] = ['pending', 'accepted', 'declined', 'expired', 'ended'];

export function requestsWithStatus(ctx: AdminContext, status: MentorRequestStatus): Promise<MentorRequestItem[]> {
  const shown = progress(ctx.stderr, `Reading ${status} mentor requests`);
  // A status without requests says nothing, so `requests --status all` (three reads at once) shows only those with some.
  const unlessNone: Progress = {
    update: (count) => {
      if (count > 0) shown.update(count);
    },
    done: () => shown.done(),
  };
  return queryIndexPartition<MentorRequestItem>(ctx, gsi1, indexKeys.mentorRequestsByStatus(status, '', '').GSI1PK, unlessNone);
}

function requestColumns(ctx: AdminContext, names: boolean): Column<MentorRequestItem>[] {
  return [
    { header: 'request', value: (r) => r.id },
    { header: 'status', value: (r) => r.status },
    { header: 'created', value: (r) => r.createdAt },
    ...(names ? [{ header: 'requester', value: (r: MentorRequestItem) => r.name }] : []),
    { header: 'role', value: (r) => r.role },
    { header: 'format', value: (r) => r.format },
    { header: 'topics', value: (r) => r.topics.join('; ') },
    ...mentorColumns<MentorRequestItem>(ctx.content.mentors, (r) => r.mentor),
    ...mentorColumns<MentorRequestItem>(ctx.content.mentors, (r) => r.suggestions[0]?.mentor, 'first suggestion'),
    { header: 'answered', value: (r) => r.answeredAt },
  ];
}

export interface MentorLoadRow {
  mentor: string;
  available: boolean;
  capacity: number;
  active: number;
  pending: number;
}

export async function loadRows(ctx: AdminContext): Promise<MentorLoadRow[]> {
  const loads = await mentorLoads(ctx.target.table);
  const pending = new Map<string, number>();
  for (const r of await requestsWithStatus(ctx, 'pending')) if (r.mentor) pending.set(r.mentor, (pending.get(r.mentor) ?? 0) + 1);
  const slugs = new Set([...ctx.content.mentors.keys(), ...loads.keys()]);
  return [...slugs].sort().map((slug) => {
    const mentor = ctx.content.mentors.get(slug);
    return {
      mentor: slug,
      available: mentor?.available ?? false,
      capacity: mentor?.capacity ?? 0,
      active: loads.get(slug) ?? 0,
      pending: pending.get(slug) ?? 0,
    };
  });
}

const loadColumns = (ctx: AdminContext): Column<MentorLoadRow>[] => [
  ...mentorColumns<MentorLoadRow>(ctx.content.mentors, (r) => r.mentor),
  { header: 'available', value: (r) => (r.available ? 'yes' : 'no') },
  { header: 'capacity', value: (r) => r.capacity },
  { header: 'active mentees', value: (r) => r.active },
  { header: 'free', value: (r) => Math.max(0, r.capacity - r.active) },
  { header: 'requests waiting', value: (r) => r.pending },
];

const namesOption = () => new Option('--names', "include requesters' names (personal data)").default(false);

export function mentoringCommand(context: ContextSource): Command {
  const mentoring = new Command('mentoring').description("mentor requests, pairs and mentors' load");

  mentoring
    .command('requests')
    .description('mentor requests with a status (oldest first): role, format, topics, the mentor asked and the first suggestion')
    .addOption(new Option('--status <status>', 'which requests').choices([...statuses, 'all']).default('pending'))
    .addOption(namesOption())
    .addOption(formatOption())
    .action(async (options: { status: MentorRequestStatus | 'all'; names: boolean; format: Format }) => {
      const ctx = await context();
      const chosen = options.status === 'all' ? statuses : [options.status];
      const rows = (await Promise.all(chosen.map((s) => requestsWithStatus(ctx, s)))).flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      ctx.out(render(rows, requestColumns(ctx, options.names), options.format, `No ${options.status === 'all' ? '' : `${options.status} `}mentor requests.`));
    });

  mentoring
    .command('pairs')
    .description('the pairs made: accepted requests with their mentor, format, topics and when they were matched')
    .addOption(namesOption())
    .addOption(formatOption())
    .action(async (options: { names: boolean; format: Format }) => {
      const ctx = await context();
      const pairs = (await requestsWithStatus(ctx, 'accepted')).sort((a, b) => (a.answeredAt ?? '').localeCompare(b.answeredAt ?? ''));
      const columns: Column<MentorRequestItem>[] = [
        ...mentorColumns<MentorRequestItem>(ctx.content.mentors, (r) => r.mentor),
        ...(options.names ? [{ header: 'mentee', value: (r: MentorRequestItem) => r.name }] : []),
        { header: 'role', value: (r) => r.role },
        { header: 'format', value: (r) => r.format },
        { header: 'topics', value: (r) => r.topics.join('; ') },
        { header: 'matched', value: (r) => r.answeredAt },
        { header: 'request', value: (r) => r.id },
      ];
      ctx.out(render(pairs, columns, options.format, 'No pairs yet.'));
    });

  mentoring
    .command('load')
    .description("each mentor's active mentees against their capacity, and requests waiting for their answer")
    .addOption(formatOption())
    .action(async (options: { format: Format }) => {
      const ctx = await context();
      ctx.out(render(await loadRows(ctx), loadColumns(ctx), options.format, 'No mentors in content/profiles/.'));
    });

  mentoring
    .command('end')
    .description("end a mentorship (an accepted request) for staff: the mentor's place comes back at once and both get the end email and survey")
    .argument('<request>', 'the request id (see `mentoring pairs`)')
    .action(async (id: string) => {
      const ctx = await context();
      const request = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await getMentorRequest(ctx.target.table, id) : undefined;
      if (!request) throw new AdminError(`There is no mentor request "${id}". \`npm run admin -- mentoring pairs\` lists the mentorships.`);
      const mentor = ctx.content.mentors.get(request.mentor ?? '') ?? { slug: request.mentor ?? '', name: request.mentor ?? '' };
      const outcome = await endMentorship(await ctx.storeContext(), request, mentor, 'staff');
      if (outcome.kind === 'not-active') throw new AdminError(`Request ${id} is ${request.status}, not a running mentorship: there is nothing to end.`);
      const named = mentorNaming(ctx.content.mentors, mentor.slug).label;
      ctx.out(outcome.kind === 'ended' ? `Ended mentorship ${id} with ${named}; the place is free again and both were emailed.\n` : `Mentorship ${id} had already ended; nothing changed.\n`);
    });

  mentoring
    .command('recount')
    .description("set each mentor's active mentees to the number of their accepted requests (repairs counts made before mentorships could end)")
    .option('--yes', 'write the counts (without it, only shows what would change)', false)
    .addOption(formatOption())
    .action(async (options: { yes: boolean; format: Format }) => {
      const ctx = await context();
      const rows = await recount(ctx, options.yes);
      ctx.out(render(rows, recountColumns(ctx, options.yes), options.format, 'No mentors.'));
      // After a table, on stdout; after CSV or JSON, on stderr, so the file stays one that reads back.
      const hint = 'Run again with --yes to write these counts.\n';
      if (!options.yes && rows.some((r) => r.was !== r.accepted)) {
        if (options.format === 'table') ctx.out(hint);
        else ctx.stderr.write(hint);
      }
    });

  mentoring
    .command('report')
    .description('the programme in figures: requests, acceptance, time to answer, expired, active, ended, ratings, cross-border pairs, and topics asked for that found no mentor')
    .option('--since <date>', 'only requests made on or after this day (YYYY-MM-DD)')
    .addOption(formatOption(['table', 'csv', 'json']))
    .action(async (options: { since?: string; format: Format }) => {
      if (options.since !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(options.since) || Number.isNaN(Date.parse(options.since)))) {
        throw new AdminError(`--since takes a day as YYYY-MM-DD, e.g. 2027-01-01; "${options.since}" is not one.`);
      }
      const ctx = await context();
      ctx.out(
        render(
          await programmeReport(ctx, options.since),
          [
            { header: 'measure', value: (r: ReportRow) => r.measure },
            { header: 'value', value: (r: ReportRow) => r.value },
          ],
          options.format,
        ),
      );
    });

  return mentoring;
}

interface RecountRow {
  mentor: string;
  was: number;
  accepted: number;
}

const recountColumns = (ctx: AdminContext, written: boolean): Column<RecountRow>[] => [
  ...mentorColumns<RecountRow>(ctx.content.mentors, (r) => r.mentor),
  { header: 'active (stored)', value: (r) => r.was },
  { header: 'accepted requests', value: (r) => r.accepted },
  { header: written ? 'result' : 'would change', value: (r) => (r.was === r.accepted ? 'unchanged' : written ? 'set' : 'yes') },
];

/**
 * Sets each load to the count of accepted requests. Each write is conditional
 * on the load it read, so an accept or an end at the same moment makes it
 * count again instead of writing a stale number.
 */
export async function recount(ctx: AdminContext, write: boolean): Promise<RecountRow[]> {
  for (let attempt = 0; ; attempt++) {
    const loads = await mentorLoads(ctx.target.table);
    const counts = new Map<string, number>();
    for (const r of await requestsWithStatus(ctx, 'accepted')) if (r.mentor) counts.set(r.mentor, (counts.get(r.mentor) ?? 0) + 1);
    const rows = [...new Set([...loads.keys(), ...counts.keys(), ...ctx.content.mentors.keys()])].sort().map((mentor) => ({ mentor, was: loads.get(mentor) ?? 0, accepted: counts.get(mentor) ?? 0 }));
    if (!write) return rows;
    let raced = false;
    for (const row of rows.filter((r) => r.was !== r.accepted)) {
      try {
        await ctx.target.table.db.send(
          new UpdateCommand({
            TableName: ctx.target.table.name,
            Key: keys.mentorLoad(row.mentor),
            UpdateExpression: 'SET active = :n, entity = :entity, slug = :slug',
            ConditionExpression: row.was === 0 ? 'attribute_not_exists(active) OR active = :zero' : 'active = :was',
            ExpressionAttributeValues: { ':n': row.accepted, ':entity': 'MentorLoad', ':slug': row.mentor, ...(row.was === 0 ? { ':zero': 0 } : { ':was': row.was }) },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        raced = true;
      }
    }
    if (!raced) return rows;
    if (attempt >= 5) throw new AdminError("Mentors' loads kept changing while they were counted; try again in a quiet moment.");
  }
}

interface ReportRow {
  measure: string;
  value: string | number;
}

const median = (values: number[]) => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 1000) / 10}%`);
const average = (values: number[]) => (values.length === 0 ? '–' : (values.reduce((a, b) => a + b, 0) / values.length).toFixed(2));

/** The programme report (see the command's description); requests from `since` on, feedback answered from `since` on. */
export async function programmeReport(ctx: AdminContext, since?: string): Promise<ReportRow[]> {
  const all = (await Promise.all(statuses.map((s) => requestsWithStatus(ctx, s)))).flat().filter((r) => !since || r.createdAt >= since);
  const toMentor = all.filter((r) => r.mentor);
  const acceptedEver = toMentor.filter((r) => r.status === 'accepted' || r.status === 'ended');
  const decided = toMentor.filter((r) => r.status !== 'pending');
  const answerHours = toMentor.filter((r) => r.answeredAt && r.closedBy !== 'erasure').map((r) => (Date.parse(r.answeredAt!) - Date.parse(r.createdAt)) / 3_600_000);
  const pairs = acceptedEver.filter((r) => r.country && ctx.content.mentors.get(r.mentor!)?.country);
  const crossBorder = pairs.filter((r) => normalise(r.country!) !== normalise(ctx.content.mentors.get(r.mentor!)!.country));
  const feedback = (await feedbackItems(ctx)).filter((f) => !since || f.answeredOn >= since);
  const ratings = (stage: string) => feedback.filter((f) => f.stage === stage).map((f) => f.rating);
  const unmatched = new Map<string, number>();
  for (const r of all.filter((r) => r.suggestions.length === 0)) for (const topic of r.topics) unmatched.set(normalise(topic), (unmatched.get(normalise(topic)) ?? 0) + 1);
  const hours = median(answerHours);
  return [
    { measure: 'requests', value: all.length },
    { measure: 'requests to a mentor', value: toMentor.length },
    { measure: 'accepted (running or ended)', value: acceptedEver.length },
    { measure: 'acceptance rate (of requests answered or expired)', value: percent(acceptedEver.length, decided.length) },
    { measure: 'median time to answer (hours)', value: hours === undefined ? '–' : Math.round(hours * 10) / 10 },
    { measure: 'declined', value: toMentor.filter((r) => r.status === 'declined').length },
    { measure: 'expired unanswered', value: all.filter((r) => r.status === 'expired').length },
    { measure: 'waiting for an answer', value: toMentor.filter((r) => r.status === 'pending').length },
    { measure: 'active mentorships', value: all.filter((r) => r.status === 'accepted').length },
    { measure: 'ended mentorships', value: all.filter((r) => r.status === 'ended').length },
    { measure: 'average rating at check-in (1–5)', value: average(ratings('check-in')) },
    { measure: 'check-in answers', value: ratings('check-in').length },
    { measure: 'average rating at the end (1–5)', value: average(ratings('end')) },
    { measure: 'end survey answers', value: ratings('end').length },
    { measure: 'cross-border pairs', value: percent(crossBorder.length, pairs.length) },
    ...[...unmatched.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([topic, n]) => ({ measure: `no mentor suggested: ${topic}`, value: n })),
  ];
}

interface FeedbackItem {
  stage: string;
  rating: number;
  met: boolean;
  answeredOn: string;
}

async function feedbackItems(ctx: AdminContext): Promise<FeedbackItem[]> {
  const items: FeedbackItem[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.target.table.db.send(
      new QueryCommand({ TableName: ctx.target.table.name, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.mentorshipFeedbackPartition }, ExclusiveStartKey }),
    );
    items.push(...((page.Items ?? []) as FeedbackItem[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
