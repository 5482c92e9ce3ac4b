export { runSmokeChecks, type SmokeCheckResult, type SmokeOptions } from './checks.js';
export { CONTRACT_LINE_PREFIX, contractResultsFromLog } from './contract-log.js';
export {
  type ContractCheck,
  type ContractSpec,
  contractSpecPath,
  loadContractSpec,
} from './contract-spec.js';
