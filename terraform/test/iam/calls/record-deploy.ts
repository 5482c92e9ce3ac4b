import { artifactReads, rows } from './row.js';

const SERVICE_ROLE = 'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html';
// Retagging an image: BatchGetImage for its manifest, PutImage of that manifest under the new tag.
const RETAG = 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-retag.html';

// The Deploy stage's RecordDeployedImage project (modules/pipeline/record_deploy.tf): reads the Build
// artifact (imagedefinitions.json) and tags the deployed digest deployed-<execution id>.
export const recordDeployCalls = rows('recordDeploy', SERVICE_ROLE, [
  {
    call: 'creates its log stream',
    action: 'logs:CreateLogStream',
    resource: (n) => n.recordDeployLogStream,
  },
  { call: 'writes its log', action: 'logs:PutLogEvents', resource: (n) => n.recordDeployLogStream },
  ...artifactReads('the build artifact (imagedefinitions.json)'),
  {
    call: "reads the deployed image's manifest",
    action: 'ecr:BatchGetImage',
    resource: (n) => n.appRepository,
    doc: RETAG,
  },
  {
    call: 'puts the manifest back under deployed-<execution id>',
    action: 'ecr:PutImage',
    resource: (n) => n.appRepository,
    doc: RETAG,
  },
]);
