export * from './fake-aws/index.js';
export * from './terraform.js';
