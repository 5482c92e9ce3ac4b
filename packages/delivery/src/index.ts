export * from './codecommit/index.js';
export * from './pipeline/index.js';
export * from './smoke/index.js';
export * from './status/index.js';
