/**
 * The CDK app: one stage per run, chosen with `-c stage=dev|prod` (see
 * config.ts and cdk.json), or every configured stage with `-c stage=all` for
 * checking them in one synth (CI and the tests: each function is bundled once
 * for all stages). `npm run synth` runs it offline; `npm run deploy` builds the
 * site and deploys every stack of one stage.
 */
import { App } from 'aws-cdk-lib';
import { ConfigError, stageConfigFromContext } from './config';
import { addNagChecks } from './nag';
import { createStage } from './stage';

const app = new App();
try {
  const requested = String(app.node.tryGetContext('stage') ?? 'dev');
  const stages = requested === 'all' ? Object.keys((app.node.tryGetContext('stages') ?? {}) as Record<string, unknown>) : [requested];
  for (const stage of stages)
    createStage(
      app,
      stageConfigFromContext((key) => (key === 'stage' ? stage : app.node.tryGetContext(key))),
    );
  addNagChecks(app);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
