export * from './codepipeline.js';
export * from './responses.js';
export * from './server.js';
export * from './sts.js';
