import type { fromNodeProviderChain } from '@aws-sdk/credential-providers';

type AwsCredentialIdentityProvider = ReturnType<typeof fromNodeProviderChain>;

/** Which credentials and region AWS calls use. `profile` undefined = the environment's credentials. */
export interface AwsSession {
  profile: string | undefined;
  region: string;
  /**
   * The account the credentials are expected to belong to, when known (e.g. saved by init): bucket checks
   * send it as ExpectedBucketOwner without asking STS first.
   */
  account?: string | undefined;
}

export interface AwsClientConfig {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  endpoint?: string;
  forcePathStyle?: boolean;
}

/**
 * The SDK's default credential chain for a profile (or the environment), loaded on first use so that the
 * credential-providers module is imported only by a command that calls AWS.
 */
function lazyCredentials(profile: string | undefined): AwsCredentialIdentityProvider {
  let provider: AwsCredentialIdentityProvider | undefined;
  return async (options) => {
    if (!provider) {
      const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
      provider = fromNodeProviderChain(profile === undefined ? {} : { profile });
    }
    return provider(options);
  };
}

/**
 * SDK client settings for a session. With AWS_ENDPOINT_URL (a local fake or LocalStack) S3 must use
 * path-style addressing, since bucket subdomains of 127.0.0.1 do not resolve.
 */
export function clientConfig(session: AwsSession): AwsClientConfig {
  const endpoint = process.env['AWS_ENDPOINT_URL'];
  const config: AwsClientConfig = {
    region: session.region,
    credentials: lazyCredentials(session.profile),
  };
  if (endpoint) {
    config.endpoint = endpoint;
    config.forcePathStyle = true;
  }
  return config;
}
