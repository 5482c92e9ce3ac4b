export { imageTagOf, monorepoCommitOf, type SourceCommit, sourceOfImageTag } from './source-commit.js';
