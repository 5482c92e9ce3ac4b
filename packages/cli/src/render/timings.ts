import type { ExecutionTimings } from '@challenge/delivery';
import { formatSeconds } from './diagnosis.js';

/** Per-stage durations of one execution and the total from push to live. */
export function timingsLines(timings: ExecutionTimings): string[] {
  const width = Math.max(...timings.stages.map((stage) => stage.stage.length), 5);
  const lines = timings.stages.map((stage) => {
    const duration = stage.seconds === undefined ? '' : formatSeconds(stage.seconds);
    const running = stage.status === 'InProgress' ? ' so far' : '';
    return `  ${stage.stage.padEnd(width)}  ${stage.status.padEnd(10)}  ${duration}${running}`.trimEnd();
  });
  if (timings.pushToLiveSeconds !== undefined) {
    const machine =
      timings.approvalSeconds !== undefined
        ? ` (${formatSeconds(Math.max(0, timings.pushToLiveSeconds - timings.approvalSeconds))} without the ${formatSeconds(timings.approvalSeconds)} waiting for approval)`
        : '';
    lines.push(`  push to live: ${formatSeconds(timings.pushToLiveSeconds)}${machine}`);
  } else {
    lines.push('  push to live: not live (yet)');
  }
  return lines;
}
