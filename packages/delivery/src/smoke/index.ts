export { runSmokeChecks, type SmokeCheckResult, type SmokeOptions } from './checks.js';
export {
  type ContractCheck,
  type ContractSpec,
  contractSpecPath,
  loadContractSpec,
} from './contract-spec.js';
