export { type RunningDevApp, type StartDevAppOptions, startDevApp } from './dev-app.js';
export { type DevAppState, devStatePath, findAppRepo, readDevState } from './dev-state.js';
