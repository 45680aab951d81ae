/**
 * Issue 14: each function touches only its own items. Every function's role, the scheduled and stream functions'
 * too, carries `dynamodb:LeadingKeys` with the partitions of functions/shared/table-partitions.ts; and those lists
 * cover every partition the function's code names (read from the code: test/infra/table-access.ts), so a key added
 * to functions/shared/table.ts and used without a grant fails here, not with AccessDenied in production.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { functionPartitions, workerPartitions, type PartitionAccess } from '../../functions/shared/table-partitions';
import { tableActions } from '../../infra/constructs/data-table';
import { builtApiFunctions } from '../../infra/stacks/api-stack';
import { synthStage, type SynthResult } from './synth';
import { covers, partitionsUsedBy } from './table-access';

/** Actions on items (the stream's own actions, on the stream's ARN, are not about items: no LeadingKeys there). */
const itemActions = new Set(Object.values(tableActions).flat());
type Statement = { Action: string | string[]; Condition?: Record<string, any> };

/** The functions off the API path: their handler module, where their function is (stack, logical id prefix) and their grants. */
const workers = {
  mailer: { entry: 'functions/mailer/handler.ts', stack: 'email', ids: ['MailerStream', 'MailerSweep'] },
  eventSchedule: { entry: 'functions/registrations/lifecycle-handler.ts', stack: 'api', ids: ['EventScheduleRun'] },
  mentoringSchedule: { entry: 'functions/mentoring/schedule-handler.ts', stack: 'api', ids: ['MentoringScheduleRun'] },
  newsletterIssues: { entry: 'functions/newsletter/worker.ts', stack: 'api', ids: ['NewsletterSendingIssues'] },
} as const satisfies Record<keyof typeof workerPartitions, unknown>;

/**
 * Partitions a function's modules name in code the function never runs (a module is imported for another export).
 * Each must still be named by the code (so this list cannot go stale) and stays ungranted.
 */
const importedNotRun: Partial<Record<keyof typeof workers, Record<string, string>>> = {
  mentoringSchedule: { MFEEDBACK: 'mentorships.ts is imported for endMentorship; feedback is recorded by the API only' },
  newsletterIssues: {
    'SUB#*': 'newsletter/store.ts is imported for subscriptionLinks (links from an id: no read)',
    'SUBEMAIL#*': 'newsletter/store.ts is imported for subscriptionLinks',
    'MREQ#*': 'mentoring/store.ts is imported for mentorStates (the MENTORS partition)',
    'GIFT#*': 'donations/store.ts is imported for fundTotals (the FUND# counter)',
    'GIFTREF#*': 'donations/store.ts is imported for fundTotals',
  },
};

const apiEntries: Record<keyof typeof functionPartitions, string> = {
  registrations: 'functions/registrations/handler.ts',
  mentoring: 'functions/mentoring/handler.ts',
  donations: 'functions/donations/handler.ts',
  newsletter: 'functions/newsletter/handler.ts',
};

const grantedBy = (grants: Partial<Record<PartitionAccess, readonly string[]>>) => Object.values(grants).flat();

describe('the partitions in the code are the partitions granted', () => {
  for (const [name, worker] of Object.entries(workers) as [keyof typeof workers, (typeof workers)[keyof typeof workers]][]) {
    test(`${name}: every partition its code names is granted, and only those`, () => {
      const granted = grantedBy(workerPartitions[name]);
      const uses = partitionsUsedBy(worker.entry);
      const exceptions = importedNotRun[name] ?? {};
      const missing = uses.filter((u) => !(u.partition in exceptions) && !granted.some((g) => covers(g, u.partition)));
      expect(missing, `${worker.entry}: partitions used without a grant in functions/shared/table-partitions.ts`).toEqual([]);
      // Nothing granted that the code does not name.
      for (const g of granted)
        expect(
          uses.some((u) => covers(g, u.partition)),
          `${name} is granted ${g}, which its code never names`,
        ).toBe(true);
      // The exceptions are real (named by the code) and not granted.
      for (const partition of Object.keys(exceptions)) {
        expect(
          uses.map((u) => u.partition),
          `${name}: ${partition} is no longer in its code; drop it from importedNotRun`,
        ).toContain(partition);
        expect(
          granted.some((g) => covers(g, partition)),
          `${name}: ${partition}`,
        ).toBe(false);
      }
    });
  }

  for (const name of builtApiFunctions()) {
    test(`API function ${name}: every partition its code names is granted`, () => {
      const uses = partitionsUsedBy(apiEntries[name]);
      expect(uses.length).toBeGreaterThan(0);
      const missing = uses.filter((u) => !functionPartitions[name].some((g) => covers(g, u.partition)));
      expect(missing, `${apiEntries[name]}: partitions used without a grant`).toEqual([]);
    });
  }

  test('the reader finds keys, query partitions written out and index partitions, with where they are asked', () => {
    const mailer = partitionsUsedBy(workers.mailer.entry).map((u) => u.partition);
    expect(mailer).toEqual(expect.arrayContaining(['JOB#*', 'JOBS#*', 'MAILCAP#*', 'SUPPRESSED#*']));
    const schedule = partitionsUsedBy(workers.mentoringSchedule.entry);
    expect(schedule.find((u) => u.partition === 'MREQS#*')?.at).toMatch(/^functions\/mentoring\/lifecycle\.ts:\d+$/);
    expect(partitionsUsedBy(workers.eventSchedule.entry).map((u) => u.partition)).toContain('EVENT#*#REGS');
    // No query whose partition the reader could not work out.
    for (const entry of [...Object.values(workers).map((w) => w.entry), ...Object.values(apiEntries)]) for (const u of partitionsUsedBy(entry)) expect(u.partition, u.at).not.toMatch(/^\(/);
  });

  test('a granted pattern covers a used one only when it matches every key of it', () => {
    expect(covers('EVENT#*', 'EVENT#*#REGS')).toBe(true);
    expect(covers('RATE#*', 'RATE#*#*')).toBe(true);
    expect(covers('MENTORS', 'MENTORS')).toBe(true);
    expect(covers('MENTORS', 'MENTORS#*')).toBe(false);
    expect(covers('SUB#*', 'SUBEMAIL#*')).toBe(false);
    expect(covers('ISSUES', 'ISSUE#*')).toBe(false);
  });
});

describe('the roles of the functions off the API path carry the condition', () => {
  let result: SynthResult;
  beforeAll(() => {
    result = synthStage();
  });
  afterAll(() => result?.dispose());

  function statementsOf(stack: 'api' | 'email', idPrefix: string): Statement[] {
    const resources = result.json(result.stacks[stack]).Resources as Record<string, any>;
    const found = Object.entries(resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(idPrefix));
    if (!found) throw new Error(`no function ${idPrefix} in the ${stack} stack`);
    const roleId = found[1].Properties.Role['Fn::GetAtt'][0] as string;
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => [s.Action].flat().some((a) => itemActions.has(a)));
  }

  for (const [name, worker] of Object.entries(workers) as [keyof typeof workers, (typeof workers)[keyof typeof workers]][]) {
    test(`${name}: one statement per access level, each with dynamodb:LeadingKeys of exactly its partitions`, () => {
      for (const id of worker.ids) {
        const statements = statementsOf(worker.stack, id);
        const expected = Object.entries(workerPartitions[name]).map(([access, partitions]) => ({
          actions: [...tableActions[access as PartitionAccess]].sort(),
          condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...partitions] } },
        }));
        const actual = statements.map((s) => ({ actions: [s.Action].flat().sort(), condition: s.Condition }));
        expect(actual, id).toEqual(expected);
        // Never a Scan, which no LeadingKeys condition limits.
        for (const s of statements) expect([s.Action].flat(), id).not.toContain('dynamodb:Scan');
      }
    });
  }

  test("no function off the API path reaches another's people: registrations, mentor requests, pledges, subscriptions", () => {
    const person = { 'REG#x': ['eventSchedule'], 'MREQ#x': ['mentoringSchedule'], 'GIFT#x': [], 'SUBEMAIL#x': [] } as Record<string, string[]>;
    for (const [name, grants] of Object.entries(workerPartitions))
      for (const [key, allowed] of Object.entries(person))
        expect(
          grantedBy(grants).some((g) => covers(g, key)),
          `${name} on ${key}`,
        ).toBe(allowed.includes(name));
  });
});
