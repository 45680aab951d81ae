/**
 * The CDK app: one stage per run, chosen with `-c stage=dev|prod` (see
 * config.ts and cdk.json). `npm run synth` runs it offline; `npm run deploy`
 * builds the site and deploys every stack of the stage.
 */
import { App } from 'aws-cdk-lib';
import { ConfigError, stageConfigFromContext } from './config';
import { addNagChecks } from './nag';
import { createStage } from './stage';

const app = new App();
try {
  const config = stageConfigFromContext((key) => app.node.tryGetContext(key));
  createStage(app, config);
  addNagChecks(app);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
