export * from './codepipeline.js';
export * from './ec2-availability-zones.js';
export * from './ecs.js';
export * from './elbv2.js';
export * from './responses.js';
export * from './server.js';
export * from './ssm.js';
export * from './sts.js';
