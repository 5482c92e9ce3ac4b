import type { AwsProtocol, FakeAwsRequest, FakeAwsResponse, ServiceHandler } from './exchange.js';

/**
 * The operation a fake answered, attached to its response by a service built with defineFakeService.
 * The server refuses answers without it, so every operation any fake answers is declared in a definition
 * (and the model-conformance test, which walks every definition, covers it).
 */
export const ANSWERED_OPERATION = Symbol('fake-aws answered operation');

export interface AnsweredOperation {
  /** botocore service model name (apps/flask-app/.venv/.../botocore/data/<model>). */
  model: string;
  operation: string;
}

export type OperationHandler<State> = (
  state: State,
  request: FakeAwsRequest,
) => FakeAwsResponse | Promise<FakeAwsResponse>;

/**
 * An answer a test scripts for one of a service's declared operations, before the fake's own logic (e.g.
 * the AccessDenied IAM gives a user without a permission, or a race another client wins); undefined lets
 * the fake answer. The scripted answer counts as the operation's, so it must be one AWS could give.
 */
export type ScriptedAnswer = (request: FakeAwsRequest) => FakeAwsResponse | undefined;

export interface FakeServiceSpec<State> {
  /** botocore service model name: "ecs", "elbv2", "logs"... */
  model: string;
  /** SigV4 signing name the requests arrive under (the key in startFakeAws's handlers). */
  signingName: string;
  protocol: AwsProtocol;
  /** REST services: the operation a request is (undefined: not one of ours). */
  route?: (request: FakeAwsRequest) => string | undefined;
  /** Runs before every operation of the service (e.g. credentials AWS refuses for any call). */
  guard?: (state: State, request: FakeAwsRequest) => FakeAwsResponse | undefined;
  /** One handler per AWS operation, keyed by the operation's name in the service model. */
  operations: Record<string, OperationHandler<State>>;
}

export interface FakeServiceInfo {
  model: string;
  signingName: string;
  protocol: AwsProtocol;
  operations: readonly string[];
}

export interface FakeService<State> extends FakeServiceInfo {
  /** A handler for startFakeAws answering this service's operations over `state` (after `before`, if any). */
  handler(state: State, before?: ScriptedAnswer): ServiceHandler;
}

const definitions: FakeServiceInfo[] = [];

/** Every fake service defined so far (all of them once the testkit's index is imported). */
export function fakeServiceDefinitions(): readonly FakeServiceInfo[] {
  return definitions;
}

export function answeredOperation(response: FakeAwsResponse): AnsweredOperation | undefined {
  return (response as FakeAwsResponse & { [ANSWERED_OPERATION]?: AnsweredOperation })[ANSWERED_OPERATION];
}

/**
 * Declares a fake AWS service as a table of operations. Call it once, at module level, so that the
 * service is registered as soon as the testkit is imported.
 */
export function defineFakeService<State>(spec: FakeServiceSpec<State>): FakeService<State> {
  const info: FakeServiceInfo = {
    model: spec.model,
    signingName: spec.signingName,
    protocol: spec.protocol,
    operations: Object.keys(spec.operations),
  };
  definitions.push(info);
  return {
    ...info,
    handler(state: State, before?: ScriptedAnswer): ServiceHandler {
      return async (request) => {
        if (request.protocol !== spec.protocol) return undefined;
        const operation = spec.protocol === 'rest' ? spec.route?.(request) : request.action;
        if (operation === undefined || !Object.hasOwn(spec.operations, operation)) return undefined;
        const answer =
          before?.(request) ??
          spec.guard?.(state, request) ??
          (await spec.operations[operation]?.(state, request));
        if (!answer) return undefined;
        return Object.assign(
          { ...answer },
          {
            [ANSWERED_OPERATION]: { model: spec.model, operation } satisfies AnsweredOperation,
          },
        );
      };
    },
  };
}
