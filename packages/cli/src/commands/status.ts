import { type BlueGreenStatus, type EnvStatus, PHASE_LABELS, readEnvStatus } from '@challenge/delivery';
import { ChallengeError, openEnvironment, readLastDriftCheck, readOutputs } from '@challenge/infra';
import Table from 'cli-table3';
import { DeliveryCommand } from '../delivery-command.js';
import { timeoutFlag } from '../delivery-flags.js';
import { envFlags } from '../flags.js';
import { diagnosisLines } from '../render/diagnosis.js';
import { driftStatusLine } from '../render/drift.js';
import { testReportLines } from '../render/test-stage.js';
import { timingsLines } from '../render/timings.js';
import { fitLines, knownWidth, twoColumnWidths } from '../render/wrap.js';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const texts = (value: unknown) =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;

/** Why a part shows no value: AWS has no such resource yet (a first apply that failed), or the error. */
const unavailable = (part: { error: string; notCreated?: boolean }) =>
  part.notCreated ? 'not created yet' : `unavailable: ${part.error}`;

/** Blue/green rows: the CodeDeploy deployment, its task sets, and the health of both target groups. */
function blueGreenRows(status: BlueGreenStatus): string[][] {
  const rows: string[][] = [];
  const d = status.deployment;
  if (!d) rows.push(['codedeploy', 'no deployment yet']);
  else {
    const when = (d.completedAt ?? d.createdAt)?.toISOString().slice(0, 16).replace('T', ' ');
    rows.push([
      `codedeploy ${d.id}`,
      `${d.status} (${PHASE_LABELS[d.phase]})${when ? ` ${d.completedAt ? 'ended' : 'started'} ${when}` : ''}`,
    ]);
    for (const set of d.taskSets) {
      rows.push([
        `  ${set.label.toLowerCase()} task set`,
        `${set.running}/${set.desired} running in ${set.targetGroup ?? '?'}, ${set.trafficWeight}% of production traffic`,
      ]);
    }
    if (d.error) rows.push(['  error', `${d.error.code}: ${d.error.message}`]);
    if (d.rollback?.rolledBackBy) rows.push(['  rolled back by', d.rollback.rolledBackBy]);
    if (d.rollback?.rollbackOf) rows.push(['  rolls back', d.rollback.rollbackOf]);
  }
  for (const group of status.targetGroups) {
    if (group.targets.length === 0) rows.push([`target group ${group.name}`, 'none registered']);
    for (const t of group.targets) {
      rows.push([`${group.name} ${t.id}:${t.port ?? '?'}`, `${t.state}${t.reason ? ` (${t.reason})` : ''}`]);
    }
  }
  return rows;
}

function lastExecutionLines(status: EnvStatus, envName: string): string[] {
  const part = status.lastExecution;
  if (!part.ok) return status.pipeline.ok ? [`Last execution: ${unavailable(part)}`] : [];
  const last = part.value;
  if (!last.timings) {
    return [
      last.creationRunOnly
        ? `Nothing shipped yet: the only run (${last.creationRunOnly.id}, ${last.creationRunOnly.status}) is the one at pipeline creation, which fails at Source because main does not exist yet. Run \`challenge ship app --env ${envName}\`.`
        : `Nothing shipped yet. Run \`challenge ship app --env ${envName}\`.`,
    ];
  }
  const commit = last.revisionId
    ? `, commit ${last.revisionId.slice(0, 12)} ${last.revisionSummary?.split('\n')[0] ?? ''}`
    : '';
  return [
    `Last execution ${last.timings.executionId} (${last.timings.status}${commit.trimEnd()})`,
    ...timingsLines(last.timings),
    // A failed Test stage's checks are in its diagnosis below.
    ...last.tests
      .filter((report) => !last.diagnoses.some((d) => d.kind === 'build' && d.buildId === report.buildId))
      .flatMap((report) => testReportLines(report)),
    ...last.diagnoses.flatMap(diagnosisLines),
  ];
}

export default class Status extends DeliveryCommand {
  static override summary = 'Show the pipeline, last execution, ECS service, targets and /gtg of an env.';
  static override description =
    "Reads the env's outputs, then concurrently: CodePipeline stage states; the last shipped execution with each stage's duration and the total from push to live, the contract checks its Test stage ran (and, when it failed, why: the failing build phase and log tail, the failed contract checks, or the deployment's events, stopped tasks and unhealthy targets); the ECS service (desired/running/pending, rollout state; a blue/green service has task sets instead: the stability of the one serving production); target health behind the ALB (blue/green: of the group that task set serves from); a /gtg probe of app_url; for a blue/green env (deployment_strategy = blue_green) the CodeDeploy deployment (id, status, phase: installing green, waiting for traffic reroute, rerouting, terminating blue; its task sets, error and rollback) and the health of both target groups. The run CodePipeline makes at creation (failed at Source, before anything was pushed) is never taken for the last execution. A part that cannot be read shows its error; the command exits 1 only when a part fails. After a `challenge drift`, a `drift:` line gives its result and age (status never refreshes the state itself: that is slow on a real stack); an apply or destroy clears it.";
  static override examples = [
    '<%= config.bin %> status --env mock',
    '<%= config.bin %> status --env mock --json',
  ];
  static override flags = {
    ...envFlags,
    timeout: timeoutFlag('Timeout of the /gtg probe.', '5s'),
  };

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Status);
    const env = await openEnvironment(this.envOptions(flags, raw));
    // Drift costs a refresh of every resource: status shows the last `challenge drift` result (kept
    // until the next apply), never runs one.
    const [outputs, lastDrift] = await Promise.all([readOutputs(env), readLastDriftCheck(env)]);
    const drift = lastDrift ?? null;
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
        ...(value('deployment_strategy') === 'blue_green'
          ? {
              codeDeploy: {
                application: value('codedeploy_application_name') ?? '',
                group: value('codedeploy_deployment_group_name') ?? '',
              },
              targetGroupArns: texts(outputs['target_group_arns']?.value) ?? [],
            }
          : {}),
      },
      flags.timeout,
    );
    if (!this.jsonEnabled()) {
      const rows: string[][] = [];
      const table = { push: (...added: string[][]) => rows.push(...added) };
      if (status.pipeline.ok) {
        for (const stage of status.pipeline.value) {
          const id = stage.executionId
            ? ` (${stage.executionId}${stage.creationRun ? ', the run at pipeline creation' : ''})`
            : '';
          table.push([`stage ${stage.stage}`, `${stage.status}${id}`]);
        }
      } else table.push(['pipeline', unavailable(status.pipeline)]);
      table.push([
        'ecs service',
        status.service.ok
          ? `desired ${status.service.value.desired}, running ${status.service.value.running}, pending ${status.service.value.pending}, rollout ${status.service.value.rollout}`
          : unavailable(status.service),
      ]);
      if (status.targets.ok) {
        if (status.targets.value.length === 0) table.push(['targets', 'none registered']);
        for (const t of status.targets.value) {
          table.push([`target ${t.id}:${t.port ?? '?'}`, `${t.state}${t.reason ? ` (${t.reason})` : ''}`]);
        }
      } else table.push(['targets', unavailable(status.targets)]);
      if (status.blueGreen) {
        if (status.blueGreen.ok) table.push(...blueGreenRows(status.blueGreen.value));
        else table.push(['codedeploy', unavailable(status.blueGreen)]);
      }
      table.push([
        'GET /gtg',
        status.gtg.ok
          ? `HTTP ${status.gtg.value.status} in ${status.gtg.value.ms} ms`
          : unavailable(status.gtg),
      ]);
      // Fitted to a terminal (or COLUMNS); a pipe or a log file keeps each row and line whole.
      const width = knownWidth();
      const fit = (text: string) => (width ? fitLines(text, width) : text);
      const rendered = new Table({
        head: ['part', 'state'],
        style: { head: [], border: [] },
        ...(width
          ? {
              colWidths: twoColumnWidths(
                rows.map(([name]) => name ?? ''),
                width,
              ),
              wordWrap: true,
            }
          : {}),
      });
      rendered.push(...rows);
      this.log(fit(`Env ${env.name}\n${rendered.toString()}`));
      const last = lastExecutionLines(status, env.name);
      if (last.length > 0) this.log(fit(last.join('\n')));
      if (drift) this.log(fit(driftStatusLine(drift, env.name)));
    }
    const parts = [
      ['pipeline', status.pipeline],
      // The last execution is unreadable whenever the pipeline is; count that once.
      ...(status.pipeline.ok ? [['last execution', status.lastExecution] as const] : []),
      ['ecs service', status.service],
      ['targets', status.targets],
      ['GET /gtg', status.gtg],
      ...(status.blueGreen ? [['codedeploy', status.blueGreen] as const] : []),
    ] as const;
    const unreadable = parts.filter(([, part]) => !part.ok);
    if (unreadable.length > 0) {
      if (this.jsonEnabled()) {
        this.logJson({ env: env.name, ...status, drift });
        this.exit(1);
      }
      const notDeployed = unreadable.some(([, part]) => !part.ok && (part.missingOutput || part.notCreated));
      throw new ChallengeError(
        `Env ${env.name}: ${unreadable.map(([name]) => name).join(', ')} could not be read (see above).`,
        {
          code: 'STATUS_INCOMPLETE',
          hint: notDeployed
            ? `Run \`challenge apply --env ${env.name}\`: what status reads is created (and named in the outputs) by it.`
            : `Fix what the lines above say; \`challenge doctor --env ${env.name}\` checks the credentials and the region.`,
        },
      );
    }
    return { env: env.name, ...status, drift };
  }
}
