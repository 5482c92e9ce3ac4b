import { artifactBucketChecks, blueGreen, rolling, rows, s3Context, testStage } from './row.js';

const SERVICE_ROLE = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html';
const CODECOMMIT =
  'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html';
const CODEBUILD = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html';
const ECS = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html';
const CODEDEPLOY_TO_ECS =
  'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html';

// The pipeline's service role: artifacts, the CodeCommit source, the build and Test projects, the deploy.
const passedToEcsTasks = () => ({ 'iam:PassedToService': 'ecs-tasks.amazonaws.com' });
const taggedRegistration = () => ({
  'ecs:CreateAction': 'RegisterTaskDefinition',
  'aws:TagKeys': ['env', 'project'],
  'aws:RequestTag/env': 'mock',
  'aws:RequestTag/project': 'project_name',
});

export const codepipelineCalls = rows('codepipeline', SERVICE_ROLE, [
  {
    call: 'reads an input artifact',
    action: 's3:GetObject',
    resource: (n) => n.artifactObject,
    context: s3Context,
  },
  {
    call: 'reads a versioned input artifact',
    action: 's3:GetObjectVersion',
    resource: (n) => n.artifactObject,
    context: s3Context,
  },
  {
    call: 'writes an output artifact',
    action: 's3:PutObject',
    resource: (n) => n.artifactObject,
    context: s3Context,
  },
  {
    call: 'checks the artifact bucket is versioned',
    action: 's3:GetBucketVersioning',
    resource: (n) => n.artifactBucket,
    context: s3Context,
  },
  ...artifactBucketChecks(),

  {
    call: 'source: reads the branch head',
    action: 'codecommit:GetBranch',
    resource: (n) => n.sourceRepository,
    doc: CODECOMMIT,
  },
  {
    call: 'source: reads the commit',
    action: 'codecommit:GetCommit',
    resource: (n) => n.sourceRepository,
    doc: CODECOMMIT,
  },
  {
    call: 'source: reads the repository',
    action: 'codecommit:GetRepository',
    resource: (n) => n.sourceRepository,
    doc: CODECOMMIT,
  },
  {
    call: 'source: archives the commit to S3',
    action: 'codecommit:UploadArchive',
    resource: (n) => n.sourceRepository,
    doc: CODECOMMIT,
  },
  {
    call: 'source: polls the archive',
    action: 'codecommit:GetUploadArchiveStatus',
    resource: (n) => n.sourceRepository,
    doc: CODECOMMIT,
  },
  {
    call: 'source: cancels an archive of a stopped run',
    action: 'codecommit:CancelUploadArchive',
    resource: (n) => n.sourceRepository,
    doc: CODECOMMIT,
  },

  {
    call: 'Deploy: starts the RecordDeployedImage project (tags the deployed digest)',
    action: 'codebuild:StartBuild',
    resource: (n) => n.recordDeployProject,
    doc: CODEBUILD,
  },
  {
    call: 'Deploy: polls the RecordDeployedImage build',
    action: 'codebuild:BatchGetBuilds',
    resource: (n) => n.recordDeployProject,
    doc: CODEBUILD,
  },
  {
    call: 'Build: starts the build project',
    action: 'codebuild:StartBuild',
    resource: (n) => n.buildProject,
    doc: CODEBUILD,
  },
  {
    call: 'Build: polls the build',
    action: 'codebuild:BatchGetBuilds',
    resource: (n) => n.buildProject,
    doc: CODEBUILD,
  },
  {
    call: 'Test: starts the Test project',
    action: 'codebuild:StartBuild',
    resource: (n) => n.testProject,
    doc: CODEBUILD,
    when: testStage,
  },
  {
    call: 'Test: polls the Test build',
    action: 'codebuild:BatchGetBuilds',
    resource: (n) => n.testProject,
    doc: CODEBUILD,
    when: testStage,
  },

  {
    call: 'ECS deploy: reads the service',
    action: 'ecs:DescribeServices',
    resource: (n) => n.service,
    doc: ECS,
    when: rolling,
  },
  {
    call: 'ECS deploy: reads the running revision',
    action: 'ecs:DescribeTaskDefinition',
    resource: () => '*',
    doc: ECS,
    when: rolling,
  },
  {
    call: 'ECS deploy: registers the new revision',
    action: 'ecs:RegisterTaskDefinition',
    resource: (n) => n.taskDefinition,
    doc: ECS,
    when: rolling,
  },
  {
    call: 'ECS deploy: tags the revision it registers',
    action: 'ecs:TagResource',
    resource: (n) => n.taskDefinition,
    context: taggedRegistration,
    doc: ECS,
    when: rolling,
  },
  {
    call: 'ECS deploy: points the service at it',
    action: 'ecs:UpdateService',
    resource: (n) => n.service,
    doc: ECS,
    when: rolling,
  },
  {
    call: "ECS deploy: lists the service's tasks",
    action: 'ecs:ListTasks',
    resource: (n) => n.containerInstance,
    context: (n) => ({ 'ecs:cluster': n.cluster }),
    doc: ECS,
    when: rolling,
  },
  {
    call: 'ECS deploy: watches the tasks',
    action: 'ecs:DescribeTasks',
    resource: (n) => n.cluster.replace(':cluster/', ':task/').concat('/0123456789abcdef0123456789abcdef'),
    context: (n) => ({ 'ecs:cluster': n.cluster }),
    doc: ECS,
    when: rolling,
  },
  {
    call: 'ECS deploy: passes the task role',
    action: 'iam:PassRole',
    resource: (n) => n.roleArn('task'),
    context: passedToEcsTasks,
    doc: ECS,
  },
  {
    call: 'ECS deploy: passes the execution role',
    action: 'iam:PassRole',
    resource: (n) => n.roleArn('execution'),
    context: passedToEcsTasks,
    doc: ECS,
  },

  {
    call: 'CodeDeployToECS: registers taskdef.json',
    action: 'ecs:RegisterTaskDefinition',
    resource: (n) => n.taskDefinition,
    doc: CODEDEPLOY_TO_ECS,
    when: blueGreen,
  },
  // The default service role policy grants it for both ECS deploy actions.
  {
    call: 'CodeDeployToECS: reads the registered revision',
    action: 'ecs:DescribeTaskDefinition',
    resource: () => '*',
    when: blueGreen,
  },
  {
    call: 'CodeDeployToECS: tags the revision it registers',
    action: 'ecs:TagResource',
    resource: (n) => n.taskDefinition,
    context: taggedRegistration,
    doc: CODEDEPLOY_TO_ECS,
    when: blueGreen,
  },
  {
    call: 'CodeDeployToECS: reads the application',
    action: 'codedeploy:GetApplication',
    resource: (n) => n.codedeployApplication,
    doc: CODEDEPLOY_TO_ECS,
    when: blueGreen,
  },
  {
    call: 'CodeDeployToECS: registers the appspec revision',
    action: 'codedeploy:RegisterApplicationRevision',
    resource: (n) => n.codedeployApplication,
    doc: CODEDEPLOY_TO_ECS,
    when: blueGreen,
  },
  {
    call: 'CodeDeployToECS: reads the revision',
    action: 'codedeploy:GetApplicationRevision',
    resource: (n) => n.codedeployApplication,
    doc: CODEDEPLOY_TO_ECS,
    when: blueGreen,
  },
  {
    call: 'CodeDeployToECS: reads the deployment config',
    action: 'codedeploy:GetDeploymentConfig',
    resource: (n) => n.codedeployConfig,
    doc: CODEDEPLOY_TO_ECS,
    when: blueGreen,
  },
  {
    call: 'CodeDeployToECS: creates the deployment',
    action: 'codedeploy:CreateDeployment',
    resource: (n) => n.codedeployGroup,
    doc: CODEDEPLOY_TO_ECS,
    when: blueGreen,
  },
  {
    call: 'CodeDeployToECS: polls the deployment',
    action: 'codedeploy:GetDeployment',
    resource: (n) => n.codedeployGroup,
    doc: CODEDEPLOY_TO_ECS,
    when: blueGreen,
  },
]);
