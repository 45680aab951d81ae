/**
 * `npm run deploy -- [-c stage=prod] [-c key=value …] [more cdk deploy options]`
 *
 * Builds the site for the stage's public address (canonical URLs, sitemap and
 * feeds need it), then deploys every stack of the stage with the CDK CLI,
 * passing the options on. Uses the AWS credentials of the shell (or CI).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ConfigError, siteUrlOf, stageConfigFromContext } from './config';
import { repoPath } from './paths';

const args = process.argv.slice(2);
const fromFlags: Record<string, string> = {};
for (let i = 0; i < args.length; i++) {
  if ((args[i] === '-c' || args[i] === '--context') && args[i + 1]?.includes('=')) {
    const [key, ...value] = args[i + 1]!.split('=');
    fromFlags[key!] = value.join('=');
  }
}
const context = { ...(JSON.parse(readFileSync(repoPath('infra/cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context, ...fromFlags };

let siteUrl: string | undefined;
try {
  siteUrl = siteUrlOf(stageConfigFromContext((key) => context[key]));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

function run(command: string, commandArgs: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  console.log(`\n> ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!siteUrl) {
  console.warn('No siteUrl or domainName for this stage: the build uses a placeholder address. After this first deploy, set siteUrl to the SiteUrl output and deploy again.');
}
run('npm', ['run', 'build'], { cwd: repoPath('.'), env: { ...process.env, ...(siteUrl ? { SITE_URL: siteUrl } : {}) } });
run('npx', ['cdk', 'deploy', '--all', ...args], { cwd: repoPath('infra') });
