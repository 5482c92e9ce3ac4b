import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

/** A CodePipeline client for the env's region and AWS profile (any source of the default chain). */
export function codePipelineClient(region: string, profile?: string): CodePipelineClient {
  return new CodePipelineClient({
    region,
    credentials: fromNodeProviderChain(profile ? { profile } : {}),
    maxAttempts: 3,
  });
}
