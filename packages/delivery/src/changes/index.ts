export { type ChangedCommit, type ChangedFile, compareRevisions, type RevisionChanges } from './compare.js';
export { findLiveRevision, type LiveRevision } from './live-revision.js';
