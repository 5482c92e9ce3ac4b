export * from './fake-aws/index.js';
export * from './flask-app.js';
export * from './terraform.js';
