export { appLogGroupOfService } from './app-log-group.js';
export { followLogGroup, type ReadLogOptions, readLogGroup } from './app-logs.js';
export {
  type BuildInfo,
  describeBuild,
  followLogStream,
  latestBuildRun,
  readLogTail,
} from './build-logs.js';
export { type LogLine, taskIdOfStream } from './log-line.js';
