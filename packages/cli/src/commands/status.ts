import { readEnvStatus } from '@challenge/delivery';
import { openEnvironment, readOutputs } from '@challenge/infra';
import { Flags } from '@oclif/core';
import Table from 'cli-table3';
import { BaseCommand } from '../base-command.js';
import { envFlags } from '../flags.js';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export default class Status extends BaseCommand {
  static override summary = 'Show the pipeline, ECS service, target health and /gtg of an environment.';
  static override description =
    "Reads the env's outputs, then concurrently: CodePipeline stage states, the ECS service (desired/running/pending, rollout state), target health behind the ALB, and a /gtg probe of app_url. A part that cannot be read shows its error; the command exits 1 only when a part fails.";
  static override examples = [
    '<%= config.bin %> status --env mock',
    '<%= config.bin %> status --env mock --json',
  ];
  static override flags = {
    ...envFlags,
    timeout: Flags.integer({
      description: 'Timeout of the /gtg probe in milliseconds.',
      default: 5000,
      min: 1,
    }),
  };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Status);
    const env = await openEnvironment(this.envOptions(flags, raw));
    const outputs = await readOutputs(env);
    const value = (name: string) => text(outputs[name]?.value);
    const status = await readEnvStatus(
      {
        region: value('region') ?? env.settings.region ?? 'us-east-2',
        profile: env.profile.name,
        pipelineName: value('pipeline_name'),
        cluster: value('ecs_cluster_name'),
        service: value('ecs_service_name'),
        targetGroupArn: value('target_group_arn'),
        appUrl: value('app_url'),
      },
      flags.timeout,
    );
    if (!this.jsonEnabled()) {
      const table = new Table({ head: ['part', 'state'], style: { head: [], border: [] } });
      if (status.pipeline.ok) {
        for (const stage of status.pipeline.value) {
          table.push([
            `stage ${stage.stage}`,
            `${stage.status}${stage.executionId ? ` (${stage.executionId})` : ''}`,
          ]);
        }
      } else table.push(['pipeline', `unavailable: ${status.pipeline.error}`]);
      table.push([
        'ecs service',
        status.service.ok
          ? `desired ${status.service.value.desired}, running ${status.service.value.running}, pending ${status.service.value.pending}, rollout ${status.service.value.rollout}`
          : `unavailable: ${status.service.error}`,
      ]);
      if (status.targets.ok) {
        if (status.targets.value.length === 0) table.push(['targets', 'none registered']);
        for (const t of status.targets.value) {
          table.push([`target ${t.id}:${t.port ?? '?'}`, `${t.state}${t.reason ? ` (${t.reason})` : ''}`]);
        }
      } else table.push(['targets', `unavailable: ${status.targets.error}`]);
      table.push([
        'GET /gtg',
        status.gtg.ok
          ? `HTTP ${status.gtg.value.status} in ${status.gtg.value.ms} ms`
          : `unavailable: ${status.gtg.error}`,
      ]);
      this.log(`Env ${env.name}\n${table.toString()}`);
    }
    const failed = Object.values(status).some((part) => !part.ok);
    if (failed) {
      if (this.jsonEnabled()) this.logJson({ env: env.name, ...status });
      this.exit(1);
    }
    return { env: env.name, ...status };
  }
}
