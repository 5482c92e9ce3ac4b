export * from './cmdline-poller.js';
export * from './codecommit-password.js';
export * from './fake-aws/index.js';
export * from './flask-app.js';
export * from './git-server.js';
export * from './secret-leaks.js';
export * from './state-from-plan.js';
export * from './terraform.js';
