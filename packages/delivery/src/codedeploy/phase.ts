/** Where an ECS blue/green deployment is, from CodeDeploy's status and the ECS target's lifecycle events. */
export type BlueGreenPhase =
  | 'starting'
  | 'installing-green'
  | 'testing-green'
  | 'waiting-for-reroute'
  | 'rerouting'
  | 'terminating-blue'
  | 'succeeded'
  | 'failed'
  | 'stopped';

export interface LifecycleEventState {
  event: string;
  status: string;
}

const INSTALL = new Set(['BeforeInstall', 'Install', 'AfterInstall']);
const TEST_TRAFFIC = new Set(['AllowTestTraffic', 'AfterAllowTestTraffic']);
const REROUTE = new Set(['BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic']);
const DONE = new Set(['Succeeded', 'Skipped']);

export function phaseOf(
  status: string,
  lifecycle: LifecycleEventState[],
  terminationWaitStarted: boolean,
): BlueGreenPhase {
  switch (status) {
    case 'Succeeded':
      return 'succeeded';
    case 'Failed':
      return 'failed';
    case 'Stopped':
      return 'stopped';
    case 'Created':
    case 'Queued':
      return 'starting';
    case 'Ready':
      return 'waiting-for-reroute';
  }
  if (terminationWaitStarted) return 'terminating-blue';
  const current = lifecycle.find((event) => !DONE.has(event.status));
  if (!current) return lifecycle.length > 0 ? 'terminating-blue' : 'installing-green';
  if (REROUTE.has(current.event)) return 'rerouting';
  if (TEST_TRAFFIC.has(current.event)) return 'testing-green';
  if (INSTALL.has(current.event)) return 'installing-green';
  return 'installing-green';
}

/** "installing green", "waiting for traffic reroute"... */
export const PHASE_LABELS: Record<BlueGreenPhase, string> = {
  starting: 'starting',
  'installing-green': 'installing green',
  'testing-green': 'test traffic on green',
  'waiting-for-reroute': 'waiting for traffic reroute',
  rerouting: 'rerouting production traffic',
  'terminating-blue': 'terminating blue',
  succeeded: 'succeeded',
  failed: 'failed',
  stopped: 'stopped',
};
