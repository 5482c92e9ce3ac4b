export * from './responses.js';
export * from './server.js';
export * from './sts.js';
