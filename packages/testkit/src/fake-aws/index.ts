export * from './ec2-key-pairs.js';
export * from './responses.js';
export * from './s3.js';
export * from './server.js';
export * from './sts.js';
