export { healthProblems } from './health.js';
export { type ChangedFile as PromotedFile, type LineageCommit, promotionMessage } from './lineage.js';
export {
  checkPromotionEnvs,
  type PromoteEnv,
  type PromoteOptions,
  type PromotionPlan,
  type PromotionResult,
  planPromotion,
  promote,
  promotionRefusal,
} from './promote.js';
