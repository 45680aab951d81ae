/**
 * `npm run deploy -- [-c stage=prod] [-c key=value …] [more cdk deploy options]`
 *
 * Builds the site for the stage's public address (canonical URLs, sitemap and
 * feeds need it), then deploys every stack of the stage with the CDK CLI,
 * passing the options on. Uses the AWS credentials of the shell (or CI).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError, siteUrlOf, stageConfigFromContext } from './config';
import { repoPath } from './paths';

export interface DeployPlan {
  /** The stage's public address, when it is known before deploying. */
  siteUrl: string | undefined;
  /** Environment of `npm run build`. */
  buildEnv: NodeJS.ProcessEnv;
  /** Arguments of `cdk deploy`. */
  cdkArgs: string[];
}

/** `-c key=value` / `--context key=value` pairs among the arguments. */
export function contextFromArgs(args: readonly string[]): Record<string, string> {
  const context: Record<string, string> = {};
  for (let i = 0; i < args.length - 1; i++) {
    if ((args[i] === '-c' || args[i] === '--context') && args[i + 1]!.includes('=')) {
      const [key, ...value] = args[i + 1]!.split('=');
      context[key!] = value.join('=');
    }
  }
  return context;
}

/** What a deploy with these arguments will do; throws ConfigError when the stage is not configured right. */
export function deployPlan(args: readonly string[], env: NodeJS.ProcessEnv = process.env): DeployPlan {
  const committed = (JSON.parse(readFileSync(repoPath('infra/cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
  const context: Record<string, unknown> = { ...committed, ...contextFromArgs(args) };
  const siteUrl = siteUrlOf(stageConfigFromContext((key) => context[key], env));
  return {
    siteUrl,
    buildEnv: { ...env, ...(siteUrl ? { SITE_URL: siteUrl } : {}) },
    cdkArgs: ['cdk', 'deploy', '--all', ...args],
  };
}

function run(command: string, commandArgs: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  console.log(`\n> ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function main() {
  let plan: DeployPlan;
  try {
    plan = deployPlan(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  if (!plan.siteUrl) {
    console.warn('No siteUrl or domainName for this stage: the build uses a placeholder address. After this first deploy, set siteUrl to the SiteUrl output and deploy again.');
  }
  run('npm', ['run', 'build'], { cwd: repoPath('.'), env: plan.buildEnv });
  run('npx', plan.cdkArgs, { cwd: repoPath('infra'), env: process.env });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
