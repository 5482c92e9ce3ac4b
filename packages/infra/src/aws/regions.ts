import { ChallengeError } from '../errors.js';
import { closestName } from '../tfvars/closest-name.js';
import { toChallengeError } from './errors.js';
import type { AwsSession } from './session.js';
import { clientConfig } from './session.js';

export const REGION_SHAPE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** Regions the account can see (EC2 DescribeRegions, asked in us-east-1 so a mistyped region cannot break the call). */
export async function listRegions(session: AwsSession): Promise<string[]> {
  const { DescribeRegionsCommand, EC2Client } = await import('@aws-sdk/client-ec2');
  try {
    const answer = await new EC2Client(clientConfig({ ...session, region: 'us-east-1' })).send(
      new DescribeRegionsCommand({ AllRegions: true }),
    );
    return (answer.Regions ?? []).map((region) => region.RegionName ?? '').filter(Boolean);
  } catch (error) {
    throw toChallengeError(error, session, 'listing AWS regions');
  }
}

/** The known region closest to a typo ("eu-wst-1" -> "eu-west-1"), if one is close enough. */
export function suggestRegion(region: string, known: readonly string[]): string | undefined {
  return closestName(region, known);
}

/** Fails with a suggestion when `region` is not one of `known` (or not even shaped like a region). */
export function checkRegion(region: string, known: readonly string[]): void {
  if (REGION_SHAPE.test(region) && known.includes(region)) return;
  const suggestion = suggestRegion(region, known);
  throw new ChallengeError(`"${region}" is not an AWS region.`, {
    hint: suggestion
      ? `Did you mean ${suggestion}? Pass --region ${suggestion}.`
      : `Pass --region with one of: ${known.join(', ')}.`,
    code: 'AWS_UNKNOWN_REGION',
  });
}
