import { KNOWN_REGIONS } from '../../aws/known-regions.js';
import { checkRegion, listRegions, REGION_SHAPE, suggestRegion } from '../../aws/regions.js';
import { sessionOf, stringValue } from '../context.js';
import { defineStep, refusing } from '../step.js';

/** The region: one the account knows; a typo is answered with the closest region as the new default. */
export const regionStep = defineStep<string, string>({
  name: 'region',
  missingFlag: '--region <name>',
  ready: (ctx) => ctx.credentials !== undefined,
  given: (ctx) => ctx.flags.region?.trim(),
  current: (ctx) => {
    const spec = ctx.handled.region;
    return (
      ctx.env?.pending?.region ??
      ctx.env?.settings.region ??
      ctx.credentials?.info?.region ??
      stringValue(ctx.env?.tfvars[spec?.name ?? '']) ??
      stringValue(spec?.default) ??
      'us-east-1'
    );
  },
  checkAlone: (_ctx, answer) => {
    const closest = suggestRegion(answer, KNOWN_REGIONS);
    const known = closest === answer || (closest === undefined && REGION_SHAPE.test(answer));
    return refusing<string, string>(async () => {
      if (!known) checkRegion(answer, KNOWN_REGIONS);
      return { ok: true, value: answer };
    }, ['AWS_UNKNOWN_REGION']);
  },
  ask: async (_ctx, asker, question) =>
    (
      await asker.input({ message: 'AWS region', ...(question.default ? { default: question.default } : {}) })
    ).trim(),
  check: async (ctx, answer) => {
    ctx.cache.regions ??= await listRegions(sessionOf(ctx));
    const known = ctx.cache.regions;
    const verdict = await refusing<string, string>(async () => {
      checkRegion(answer, known);
      return { ok: true, value: answer };
    }, ['AWS_UNKNOWN_REGION']);
    if (verdict.ok) return verdict;
    const suggestion = suggestRegion(answer, known);
    return suggestion ? { ...verdict, retryDefault: suggestion } : verdict;
  },
  settle: (ctx, region) => {
    ctx.region = region;
  },
});
