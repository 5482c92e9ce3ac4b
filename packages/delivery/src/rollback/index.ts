export { startBlueGreenRollback } from './blue-green.js';
export {
  type PlanRollbackOptions,
  planRollback,
  type RollbackPlan,
  startRollback,
  type TaskRevision,
} from './revisions.js';
