export {
  contractChecksOfBuild,
  isTestRun,
  readTestStageReports,
  type TestStageReport,
  testReportOfRun,
} from './report.js';
