import { environmentCredentialSource } from '../../aws/credential-sources.js';
import { whoAmI } from '../../aws/identity.js';
import { listProfiles, requireProfile } from '../../aws/profiles.js';
import { ChallengeError } from '../../errors.js';
import type { SettledCredentials } from '../context.js';
import { defineStep, refusing } from '../step.js';

/** The choice that stands for the environment's credentials (AWS_ACCESS_KEY_ID...), not a profile. */
const ENVIRONMENT = '@environment';

function asChoice(profile: string | null | undefined): string | undefined {
  return profile === null ? ENVIRONMENT : profile;
}

/** Whose credentials: a profile or the environment's, checked with STS as soon as it is chosen. */
export const credentialsStep = defineStep<string, SettledCredentials>({
  name: 'credentials',
  missingFlag: '--profile <aws profile>',
  given: (ctx) => asChoice(ctx.flags.profile),
  current: (ctx) =>
    asChoice(ctx.env?.pending?.profile) ??
    ctx.env?.settings.awsProfile ??
    (process.env['AWS_PROFILE']?.trim() || undefined) ??
    (!ctx.interactive && environmentCredentialSource() ? ENVIRONMENT : undefined),
  ask: async (ctx, asker, question) => {
    const profiles = await listProfiles();
    const saved = ctx.env?.settings.awsProfile;
    const variable = environmentCredentialSource();
    const choices = [
      ...profiles.map((p) => ({
        name: `${p.name}${p.sso ? ' (SSO)' : ''}${p.region ? ` — ${p.region}` : ''}`,
        value: p.name,
      })),
      ...(variable ? [{ name: `environment credentials (${variable}…)`, value: ENVIRONMENT }] : []),
    ];
    const preferred = question.retry ?? question.default;
    return asker.select({
      message:
        saved && !profiles.some((p) => p.name === saved)
          ? `AWS credentials (profile "${saved}" is gone)`
          : 'AWS credentials',
      choices,
      ...(preferred && choices.some((choice) => choice.value === preferred) ? { default: preferred } : {}),
    });
  },
  check: (_ctx, answer) =>
    refusing(async () => {
      if (answer === ENVIRONMENT && !environmentCredentialSource()) {
        throw new ChallengeError('No AWS credential variables are set (AWS_ACCESS_KEY_ID...).', {
          hint: 'Pass --profile <name>, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
          code: 'AWS_NO_CREDENTIALS',
        });
      }
      const profile = answer === ENVIRONMENT ? undefined : answer;
      const info = profile === undefined ? undefined : await requireProfile(profile);
      const identity = await whoAmI({ profile, region: info?.region ?? 'us-east-1' });
      return {
        ok: true,
        value: { profile, info, identity },
        note: `AWS account ${identity.account} (${identity.arn})`,
      };
    }),
  settle: (ctx, credentials) => {
    ctx.credentials = credentials;
  },
});
