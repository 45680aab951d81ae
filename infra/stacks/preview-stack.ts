/** {App}-{stage}-Preview: previews of pull requests (only where the stage sets `previews: true`, as dev does). */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { PreviewSite } from '../constructs/preview-site';

export interface PreviewStackProps extends StackProps {
  readonly config: StageConfig;
}

export class PreviewStack extends Stack {
  readonly preview: PreviewSite;
  constructor(scope: Construct, id: string, props: PreviewStackProps) {
    super(scope, id, props);
    this.preview = new PreviewSite(this, 'Preview');
  }
}
