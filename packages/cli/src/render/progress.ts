import type { InitOptions } from '@challenge/infra';
import { writeStderr } from './stdio.js';

/**
 * Progress callbacks for Terraform runs: with --verbose Terraform's own output streams straight through
 * (to stderr, so stdout stays clean for --json); otherwise one line per step.
 */
export function terraformProgress(options: {
  verbose: boolean;
  json: boolean;
  quiet?: boolean;
}): InitOptions & {
  step: (text: string) => void;
} {
  const quiet = (options.json || options.quiet === true) && !options.verbose;
  return {
    step: (text) => {
      if (!quiet) writeStderr(`› ${text}\n`);
    },
    onInit: (reason) => {
      if (!quiet) writeStderr(`› terraform init (${reason})\n`);
    },
    onOutput: options.verbose ? writeStderr : undefined,
  };
}
