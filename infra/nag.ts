/**
 * cdk-nag's AwsSolutions and Serverless rule packs, run by CDK's policy
 * validation at every synth (cdk-nag 3 is a validation plugin). A finding
 * fails the synth unless it is acknowledged, with a reason, on the construct
 * it is about: `Validations.of(construct).acknowledge({ id, reason })`.
 */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }));
}
