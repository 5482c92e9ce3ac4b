export * from './fake-aws/index.js';
export * from './flask-app.js';
export * from './git-server.js';
export * from './terraform.js';
