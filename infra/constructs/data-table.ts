/**
 * The one DynamoDB table behind the API. Its keys, indexes, TTL attribute and
 * stream come from the functions' own table definition
 * (functions/shared/table.ts, also used to create the table in DynamoDB
 * Local), so AWS and the local stack cannot drift apart.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { tableDefinition, ttlAttribute } from '../../functions/shared/table';

/** What a function may do with the table: read; read and change existing items; read and write; or read and write items by key without queries. */
export type TableAccess = 'read' | 'read-update' | 'readwrite' | 'readwrite-by-key';

/**
 * The actions behind each access level, and nothing more: no Scan (no access
 * pattern scans), no batch operations (none is used), no table administration.
 * Transactions need no action of their own: DynamoDB authorises each item's
 * Put/Update/Delete/ConditionCheck.
 */
export const tableActions: Record<TableAccess, readonly string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:Query'],
  'read-update': ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
  readwrite: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
  'readwrite-by-key': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
};

export interface DataTableProps {
  /** Keep the table (and its data) when the stack is deleted, and refuse deletion through the API. */
  readonly retain: boolean;
}

export class DataTable extends Construct {
  readonly table: dynamodb.TableV2;
  /** The names of the global secondary indexes, for grants on exactly those indexes. */
  readonly indexNames: readonly string[];

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    const definition = tableDefinition('unused');
    const keyOf = (schema: typeof definition.KeySchema, type: 'HASH' | 'RANGE') => schema?.find((k) => k.KeyType === type)?.AttributeName;
    const attribute = (name: string | undefined): dynamodb.Attribute => {
      const defined = definition.AttributeDefinitions?.find((a) => a.AttributeName === name);
      if (!name || defined?.AttributeType !== 'S') throw new Error(`functions/shared/table.ts: key ${name} must be a string attribute`);
      return { name, type: dynamodb.AttributeType.STRING };
    };
    const streamViewType = definition.StreamSpecification?.StreamViewType;
    if (streamViewType !== 'NEW_IMAGE' && streamViewType !== 'NEW_AND_OLD_IMAGES') {
      throw new Error('functions/shared/table.ts: the mailer needs a stream with NEW_IMAGE or NEW_AND_OLD_IMAGES');
    }

    this.indexNames = (definition.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName!);
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: attribute(keyOf(definition.KeySchema, 'HASH')),
      sortKey: attribute(keyOf(definition.KeySchema, 'RANGE')),
      globalSecondaryIndexes: (definition.GlobalSecondaryIndexes ?? []).map((index) => ({
        indexName: index.IndexName!,
        partitionKey: attribute(keyOf(index.KeySchema, 'HASH')),
        sortKey: attribute(keyOf(index.KeySchema, 'RANGE')),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: ttlAttribute,
      dynamoStream: dynamodb.StreamViewType[streamViewType],
      // Encrypted at rest with the account's AWS managed key (aws/dynamodb): auditable in CloudTrail, no key to pay for or rotate.
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      deletionProtection: props.retain,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }

  /** The table and each of its indexes, by exact ARN (no wildcard). */
  resourceArns(): string[] {
    return [this.table.tableArn, ...this.indexNames.map((name) => `${this.table.tableArn}/index/${name}`)];
  }

  /**
   * Lets `grantee` read, or read and write, items of this table and query its indexes; with `partitions`, only
   * items whose partition key matches one of them (`dynamodb:LeadingKeys`, IAM `StringLike` patterns).
   */
  grant(grantee: iam.IGrantable, access: TableAccess, partitions?: readonly string[]): iam.Grant {
    const conditions = partitions ? { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...partitions] } } : undefined;
    return iam.Grant.addToPrincipal({ grantee, actions: [...tableActions[access]], resourceArns: this.resourceArns(), ...(conditions ? { conditions } : {}) });
  }
}
