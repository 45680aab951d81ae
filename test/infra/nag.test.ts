/**
 * cdk-nag (AwsSolutions and Serverless packs) over every stack of every kind
 * of stage: no finding is left unanswered, and every acknowledgement is
 * narrow (on the construct it is about), explained, and still needed.
 */
import type { IConstruct } from 'constructs';
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rmSync } from 'node:fs';
import { buildStage, type BuiltStage } from './synth';

const stages: Record<string, Record<string, unknown>> = {
  'dev without a domain': {},
  'prod with a domain (certificate requested)': { stage: 'prod', domainName: 'alumni.example.edu' },
  'prod with its own certificate': {
    stage: 'prod',
    domainName: 'alumni.example.edu',
    certificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/0b1c2d3e-1111-2222-3333-444455556666',
    alarmEmail: 'ops@example.edu',
  },
};

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

/** Every acknowledgement recorded in the construct tree. */
function acknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/** Runs a pack over the tree, noting which acknowledgements answered a finding. */
function runPack(pack: NagPack, app: App, used: Set<string>) {
  const packWithHook = pack as unknown as { isAcknowledged(node: IConstruct, ruleId: string): boolean };
  const original = packWithHook.isAcknowledged.bind(pack);
  packWithHook.isAcknowledged = (node, ruleId) => {
    const acknowledged = original(node, ruleId);
    if (acknowledged) {
      for (let scope: IConstruct | undefined = node; scope; scope = scope.node.scope) {
        if (acknowledgements(scope).some((a) => a.path === scope!.node.path && a.id === ruleId)) {
          used.add(`${scope.node.path} ${ruleId}`);
          break;
        }
      }
    }
    return acknowledged;
  };
  return pack.validateScope(app);
}

const results: Record<string, BuiltStage> = {};
const used = new Set<string>();

beforeAll(() => {
  for (const [name, context] of Object.entries(stages)) results[name] = buildStage({ context, nag: true });
});
afterAll(() => Object.values(results).forEach((r) => rmSync(r.outdir, { recursive: true, force: true })));

describe.each(Object.keys(stages))('%s', (name) => {
  test('synthesises with the packs registered as `npm run synth` does (it would throw on any finding)', () => {
    expect(() => results[name]!.app.synth()).not.toThrow();
  });

  test.each([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['Serverless', () => new ServerlessChecks()],
  ])('%s: no finding left, error or warning', (_pack, create) => {
    const report = runPack(create(), results[name]!.app, used);
    const findings = report.violations.map((v) => `${v.ruleName} (${v.severity}) at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });
});

describe('acknowledgements', () => {
  const all = () => Object.values(results).flatMap((r) => acknowledgements(r.app));

  test('sit on the construct they are about, never on a whole stack or the app', () => {
    for (const { path, id } of all()) expect(path.split('/').length, `${id} at ${path}`).toBeGreaterThanOrEqual(2);
  });

  test('each says why, in a sentence someone reviewing it can check', () => {
    for (const { path, id, reason } of all()) {
      expect(reason.length, `${id} at ${path}`).toBeGreaterThanOrEqual(60);
    }
  });

  test('each still answers a finding in some stage (none left behind after the thing it excused changed)', () => {
    const declared = new Set(all().map((a) => `${a.path} ${a.id}`));
    expect([...declared].filter((a) => !used.has(a))).toEqual([]);
  });
});
