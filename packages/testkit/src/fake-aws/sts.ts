import { queryError, queryResult, xmlEscape } from './responses.js';
import type { ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';

export interface FakeIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface StsOptions {
  identity?: FakeIdentity;
  /** Access key ids answered with ExpiredToken, as STS does for an expired session. */
  expiredAccessKeyIds?: string[];
  /** Access key ids answered with InvalidClientTokenId. */
  invalidAccessKeyIds?: string[];
}

export const DEFAULT_IDENTITY: FakeIdentity = {
  account: '123456789012',
  arn: 'arn:aws:iam::123456789012:user/tester',
  userId: 'AIDAFAKEUSERID',
};

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const STS = defineFakeService<StsOptions>({
  model: 'sts',
  signingName: 'sts',
  protocol: 'query',
  guard: (options, request) => {
    if (options.expiredAccessKeyIds?.includes(request.accessKeyId)) {
      return queryError(403, 'ExpiredToken', 'The security token included in the request is expired');
    }
    if (options.invalidAccessKeyIds?.includes(request.accessKeyId)) {
      return queryError(
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
    }
    return undefined;
  },
  operations: {
    GetCallerIdentity: (options) => {
      const identity = options.identity ?? DEFAULT_IDENTITY;
      return queryResult(
        'GetCallerIdentity',
        NS,
        `<Arn>${xmlEscape(identity.arn)}</Arn><UserId>${xmlEscape(identity.userId)}</UserId><Account>${identity.account}</Account>`,
      );
    },
  },
});

/** STS GetCallerIdentity (awsQuery), with the error shapes of expired and invalid credentials. */
export function stsHandler(options: StsOptions = {}): ServiceHandler {
  return STS.handler(options);
}
