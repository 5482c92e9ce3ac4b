export { runDoctor } from './run-doctor.js';
