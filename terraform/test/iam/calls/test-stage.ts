import { artifactReads, rows, testStage } from './row.js';

const SERVICE_ROLE = 'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html';
const ECR_LOGIN = 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html';
const ECR_PULL = 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/docker-pull-ecr-image.html';
const DYNAMODB =
  'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html';
const TAG_ON_CREATE =
  'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.Operations.html';

// The Test stage's project (apps/flask-app/buildspec-test.yml, teststage/): logs, its two input artifacts,
// pull of the built image by digest, a temporary table (create, tag, describe, sweep, delete), and the
// app's own calls (candidates/store.py) against that table.
export const testStageCalls = rows('test', SERVICE_ROLE, [
  { call: 'creates its log stream', action: 'logs:CreateLogStream', resource: (n) => n.testLogStream },
  { call: 'writes the test log', action: 'logs:PutLogEvents', resource: (n) => n.testLogStream },
  ...artifactReads('an input artifact'),
  { call: 'docker login to ECR', action: 'ecr:GetAuthorizationToken', resource: () => '*', doc: ECR_LOGIN },
  {
    call: 'pulls the image by digest (manifest)',
    action: 'ecr:BatchGetImage',
    resource: (n) => n.appRepository,
    doc: ECR_PULL,
  },
  {
    call: 'pulls the image by digest (layers)',
    action: 'ecr:GetDownloadUrlForLayer',
    resource: (n) => n.appRepository,
    doc: ECR_PULL,
  },
  {
    call: 'creates the temporary table',
    action: 'dynamodb:CreateTable',
    resource: (n) => n.temporaryTable,
    doc: DYNAMODB,
  },
  {
    call: 'tags the temporary table on create',
    action: 'dynamodb:TagResource',
    resource: (n) => n.temporaryTable,
    doc: TAG_ON_CREATE,
  },
  {
    call: 'waits for the table (DescribeTable)',
    action: 'dynamodb:DescribeTable',
    resource: (n) => n.temporaryTable,
    doc: DYNAMODB,
  },
  {
    call: 'reads the tags of a leftover table',
    action: 'dynamodb:ListTagsOfResource',
    resource: (n) => n.temporaryTable,
    doc: DYNAMODB,
  },
  {
    call: 'deletes the temporary table',
    action: 'dynamodb:DeleteTable',
    resource: (n) => n.temporaryTable,
    doc: DYNAMODB,
  },
  {
    call: 'lists tables to sweep leftovers',
    action: 'dynamodb:ListTables',
    resource: () => '*',
    doc: DYNAMODB,
  },
  {
    call: 'app under test: PutItem',
    action: 'dynamodb:PutItem',
    resource: (n) => n.temporaryTable,
    doc: DYNAMODB,
  },
  {
    call: 'app under test: Query',
    action: 'dynamodb:Query',
    resource: (n) => n.temporaryTable,
    doc: DYNAMODB,
  },
  { call: 'app under test: Scan', action: 'dynamodb:Scan', resource: (n) => n.temporaryTable, doc: DYNAMODB },
]).map((row) => ({ ...row, when: testStage }));
