export { type AwsClients, type AwsTarget, awsClients } from './clients.js';
export { awsErrorName, describeAwsError } from './errors.js';
