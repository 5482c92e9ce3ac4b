import { artifactReads, blueGreen, rows, s3Context } from './row.js';

const SERVICE_ROLE = 'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html';
const ECR_LOGIN = 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html';
const ECR_PUSH = 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html';
const ECR_PULL = 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/docker-pull-ecr-image.html';
const ECR_DESCRIBE = 'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html';
const SSM_GET = 'https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html';

// The build project (apps/flask-app/buildspec.yml): logs, artifacts, docker login, cache pull, push by
// digest, the digest lookup, and (blue/green) the task definition template.
const push = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
];

export const codebuildCalls = rows('codebuild', SERVICE_ROLE, [
  { call: 'creates its log stream', action: 'logs:CreateLogStream', resource: (n) => n.buildLogStream },
  { call: 'writes the build log', action: 'logs:PutLogEvents', resource: (n) => n.buildLogStream },
  ...artifactReads('the source artifact'),
  {
    call: 'writes the build artifact',
    action: 's3:PutObject',
    resource: (n) => n.artifactObject,
    context: s3Context,
  },
  { call: 'docker login to ECR', action: 'ecr:GetAuthorizationToken', resource: () => '*', doc: ECR_LOGIN },
  ...push.map((action) => ({
    call: `pushes the app image (${action})`,
    action,
    resource: (n: { appRepository: string }) => n.appRepository,
    doc: ECR_PUSH,
  })),
  ...push.map((action) => ({
    call: `pushes the build cache (${action})`,
    action,
    resource: (n: { cacheRepository: string }) => n.cacheRepository,
    doc: ECR_PUSH,
  })),
  {
    call: 'pulls the build cache (manifest)',
    action: 'ecr:BatchGetImage',
    resource: (n) => n.cacheRepository,
    doc: ECR_PULL,
  },
  {
    call: 'pulls the build cache (layers)',
    action: 'ecr:GetDownloadUrlForLayer',
    resource: (n) => n.cacheRepository,
    doc: ECR_PULL,
  },
  {
    call: "reads the pushed image's digest",
    action: 'ecr:DescribeImages',
    resource: (n) => n.appRepository,
    doc: ECR_DESCRIBE,
  },
  {
    call: 'reads the task definition template',
    action: 'ssm:GetParameter',
    resource: (n) => n.templateParameter,
    doc: SSM_GET,
    when: blueGreen,
  },
]);
