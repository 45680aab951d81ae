/**
 * `admin mentoring …`: the queue of mentor requests by status, the pairs
 * made (accepted requests), and each mentor's load against their capacity.
 * Requesters' names only with --names; addresses never (see `privacy export`).
 */
import { Command, Option } from 'commander';
import { gsi1, indexKeys } from '../shared/table';
import { mentorLoads, type MentorRequestItem, type MentorRequestStatus } from '../mentoring/store';
import type { AdminContext, ContextSource } from './context';
import { formatOption, progress, render, type Column, type Format, type Progress } from './output';
import { queryIndexPartition } from './read';

const statuses: MentorRequestStatus[] = ['pending', 'accepted', 'declined'];

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

const mentorName = (ctx: AdminContext, slug: string | undefined) => (slug ? (ctx.content.mentors.get(slug)?.name ?? slug) : '');

function requestColumns(ctx: AdminContext, names: boolean): Column<MentorRequestItem>[] {
  return [
    { header: 'request', value: (r) => r.id },
    { header: 'status', value: (r) => r.status },
    { header: 'created', value: (r) => r.createdAt },
    ...(names ? [{ header: 'requester', value: (r: MentorRequestItem) => r.name }] : []),
    { header: 'role', value: (r) => r.role },
    { header: 'format', value: (r) => r.format },
    { header: 'topics', value: (r) => r.topics.join('; ') },
    { header: 'mentor asked', value: (r) => mentorName(ctx, r.mentor) },
    { header: 'first suggestion', value: (r) => r.suggestions[0]?.mentor ?? '' },
    { header: 'answered', value: (r) => r.answeredAt },
  ];
}

export interface MentorLoadRow {
  mentor: string;
  name: string;
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
    return { mentor: slug, name: mentor?.name ?? '(no longer in content)', available: mentor?.available ?? false, capacity: mentor?.capacity ?? 0, active: loads.get(slug) ?? 0, pending: pending.get(slug) ?? 0 };
  });
}

const loadColumns: Column<MentorLoadRow>[] = [
  { header: 'mentor', value: (r) => r.mentor },
  { header: 'name', value: (r) => r.name },
  { header: 'available', value: (r) => (r.available ? 'yes' : 'no') },
  { header: 'capacity', value: (r) => r.capacity },
  { header: 'active mentees', value: (r) => r.active },
  { header: 'free', value: (r) => Math.max(0, r.capacity - r.active) },
  { header: 'requests waiting', value: (r) => r.pending },
];

const namesOption = () => new Option('--names', "include requesters' names (personal data)").default(false);

export function mentoringCommand(context: ContextSource): Command {
  const mentoring = new Command('mentoring').description('mentor requests, pairs and mentors\' load');

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
        { header: 'mentor', value: (r) => r.mentor },
        { header: 'mentor name', value: (r) => mentorName(ctx, r.mentor) },
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
      ctx.out(render(await loadRows(ctx), loadColumns, options.format, 'No mentors in content/profiles/.'));
    });

  return mentoring;
}
