import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CodeBuildClient } from '@aws-sdk/client-codebuild';
import type { CodeCommitClient } from '@aws-sdk/client-codecommit';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/** Where an env's AWS calls go: its region and the AWS profile of its per-user settings. */
export interface AwsTarget {
  region: string;
  profile?: string | undefined;
}

/** One client per service for a target, created on first use (each SDK module loads only then). */
export interface AwsClients {
  readonly target: AwsTarget;
  codePipeline(): Promise<CodePipelineClient>;
  codeBuild(): Promise<CodeBuildClient>;
  codeCommit(): Promise<CodeCommitClient>;
  codeDeploy(): Promise<CodeDeployClient>;
  ecr(): Promise<ECRClient>;
  ecs(): Promise<ECSClient>;
  elbv2(): Promise<ElasticLoadBalancingV2Client>;
  iam(): Promise<IAMClient>;
  logs(): Promise<CloudWatchLogsClient>;
}

interface ClientConfig {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  maxAttempts: number;
}

export function awsClients(target: AwsTarget): AwsClients {
  let credentials: Promise<AwsCredentialIdentityProvider> | undefined;
  const config = async (): Promise<ClientConfig> => {
    credentials ??= import('@aws-sdk/credential-providers').then(({ fromNodeProviderChain }) =>
      fromNodeProviderChain(target.profile ? { profile: target.profile } : {}),
    );
    return { region: target.region, credentials: await credentials, maxAttempts: 3 };
  };
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(name: string, create: () => Promise<T>): Promise<T> => {
    if (!cache.has(name)) cache.set(name, create());
    return cache.get(name) as Promise<T>;
  };
  return {
    target,
    codePipeline: () =>
      once('codepipeline', async () => {
        const { CodePipelineClient } = await import('@aws-sdk/client-codepipeline');
        return new CodePipelineClient(await config());
      }),
    codeBuild: () =>
      once('codebuild', async () => {
        const { CodeBuildClient } = await import('@aws-sdk/client-codebuild');
        return new CodeBuildClient(await config());
      }),
    codeCommit: () =>
      once('codecommit', async () => {
        const { CodeCommitClient } = await import('@aws-sdk/client-codecommit');
        return new CodeCommitClient(await config());
      }),
    codeDeploy: () =>
      once('codedeploy', async () => {
        const { CodeDeployClient } = await import('@aws-sdk/client-codedeploy');
        return new CodeDeployClient(await config());
      }),
    ecr: () =>
      once('ecr', async () => {
        const { ECRClient } = await import('@aws-sdk/client-ecr');
        return new ECRClient(await config());
      }),
    ecs: () =>
      once('ecs', async () => {
        const { ECSClient } = await import('@aws-sdk/client-ecs');
        return new ECSClient(await config());
      }),
    elbv2: () =>
      once('elbv2', async () => {
        const { ElasticLoadBalancingV2Client } = await import('@aws-sdk/client-elastic-load-balancing-v2');
        return new ElasticLoadBalancingV2Client(await config());
      }),
    iam: () =>
      once('iam', async () => {
        const { IAMClient } = await import('@aws-sdk/client-iam');
        return new IAMClient(await config());
      }),
    logs: () =>
      once('logs', async () => {
        const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
        return new CloudWatchLogsClient(await config());
      }),
  };
}
