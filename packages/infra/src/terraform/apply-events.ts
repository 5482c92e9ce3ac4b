/**
 * Terraform's machine-readable UI (`terraform apply -json`), one JSON object per line, reduced to the
 * events a progress display needs. Lines that are not JSON, or of other types, are ignored.
 */
export type ApplyEvent =
  | { type: 'planned'; at: Date; address: string; action: string }
  | { type: 'started'; at: Date; address: string; action: string }
  | { type: 'progress'; at: Date; address: string; action: string; elapsedSeconds: number }
  | { type: 'completed'; at: Date; address: string; action: string; elapsedSeconds: number }
  | { type: 'errored'; at: Date; address: string; action: string; elapsedSeconds: number }
  | {
      type: 'diagnostic';
      at: Date;
      severity: 'error' | 'warning';
      summary: string;
      detail: string;
      address: string | undefined;
    }
  | { type: 'summary'; at: Date; add: number; change: number; remove: number }
  | { type: 'stopping'; at: Date };

interface UiLine {
  type?: string;
  '@timestamp'?: string;
  '@message'?: string;
  change?: { resource?: { addr?: string }; action?: string };
  hook?: { resource?: { addr?: string }; action?: string; elapsed_seconds?: number };
  diagnostic?: { severity?: string; summary?: string; detail?: string; address?: string };
  changes?: { add?: number; change?: number; remove?: number };
}

export function parseApplyLine(line: string): ApplyEvent | undefined {
  let ui: UiLine;
  try {
    ui = JSON.parse(line) as UiLine;
  } catch {
    return undefined;
  }
  if (ui === null || typeof ui !== 'object') return undefined;
  const at = new Date(ui['@timestamp'] ?? Date.now());
  const hook = ui.hook;
  const address = hook?.resource?.addr ?? '';
  const action = hook?.action ?? '';
  const elapsedSeconds = hook?.elapsed_seconds ?? 0;
  switch (ui.type) {
    case 'planned_change':
      return ui.change?.resource?.addr
        ? { type: 'planned', at, address: ui.change.resource.addr, action: ui.change.action ?? '' }
        : undefined;
    case 'apply_start':
      return { type: 'started', at, address, action };
    case 'apply_progress':
      return { type: 'progress', at, address, action, elapsedSeconds };
    case 'apply_complete':
      return { type: 'completed', at, address, action, elapsedSeconds };
    case 'apply_errored':
      return { type: 'errored', at, address, action, elapsedSeconds };
    case 'diagnostic':
      return {
        type: 'diagnostic',
        at,
        severity: ui.diagnostic?.severity === 'warning' ? 'warning' : 'error',
        summary: ui.diagnostic?.summary ?? '',
        detail: ui.diagnostic?.detail ?? '',
        address: ui.diagnostic?.address || undefined,
      };
    case 'change_summary':
      return {
        type: 'summary',
        at,
        add: ui.changes?.add ?? 0,
        change: ui.changes?.change ?? 0,
        remove: ui.changes?.remove ?? 0,
      };
    case 'log':
      // Terraform's answer to an interrupt ("Interrupt received" in its human output).
      return ui['@message'] === 'Stopping operation...' ? { type: 'stopping', at } : undefined;
    default:
      return undefined;
  }
}

/** Splits a stream's chunks into whole lines (the last, unfinished one waits for the next chunk). */
export function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') onLine(line);
  };
}
