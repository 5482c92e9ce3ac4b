import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

type AwsCredentialIdentityProvider = ReturnType<typeof fromNodeProviderChain>;

/** Which credentials and region AWS calls use. `profile` undefined = the environment's credentials. */
export interface AwsSession {
  profile: string | undefined;
  region: string;
}

export interface AwsClientConfig {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  endpoint?: string;
  forcePathStyle?: boolean;
}

/**
 * SDK client settings for a session. With AWS_ENDPOINT_URL (a local fake or LocalStack) S3 must use
 * path-style addressing, since bucket subdomains of 127.0.0.1 do not resolve.
 */
export function clientConfig(session: AwsSession): AwsClientConfig {
  const endpoint = process.env['AWS_ENDPOINT_URL'];
  const config: AwsClientConfig = {
    region: session.region,
    credentials: fromNodeProviderChain(session.profile === undefined ? {} : { profile: session.profile }),
  };
  if (endpoint) {
    config.endpoint = endpoint;
    config.forcePathStyle = true;
  }
  return config;
}
