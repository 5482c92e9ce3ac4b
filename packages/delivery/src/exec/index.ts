export { commandLine } from './command-line.js';
export {
  checkExec,
  type ExecCheck,
  type ExecCheckName,
  type ExecCheckReport,
  type ExecRun,
  pluginMissing,
  requirePlugin,
  runExec,
} from './exec.js';
export type { IamSimulation, IamVerdict } from './iam-simulation.js';
export { findSessionManagerPlugin, PLUGIN_INSTALL_URL, PLUGIN_NAME } from './plugin.js';
export { pythonJsonDumps } from './python-json.js';
export { sessionManagerPluginArgs } from './session.js';
export type { ExecTarget, ExecWhere, TaskPick } from './target.js';
export type { ExecContainer, ExecTask } from './tasks.js';
