export {
  appendBackupRecord,
  type BackupRecord,
  backupsFile,
  readBackupRecords,
  restoreCommand,
} from './backups-file.js';
export {
  deploysToAws,
  envSession,
  leftoverScope,
  liftDeletionProtection,
  loadDestroyClients,
  PROTECTION_VARIABLE,
  tablesLost,
} from './destroy-steps.js';
export { findLeftovers, type Leftover, type LeftoverKind, type LeftoverScope } from './leftovers.js';
export { stackPrefix } from './stack-inputs.js';
export { backupName, backupTable, countTableItems } from './table-backup.js';
