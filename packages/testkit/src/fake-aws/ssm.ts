import type { ServiceHandler } from './server.js';
import { defineFakeService } from './service.js';
import {
  addTagsToResource,
  deleteParameter,
  describeParameters,
  type FakeSsmParameter,
  type FakeSsmState,
  getParameter,
  getParameters,
  listTagsForResource,
  putParameter,
  removeTagsFromResource,
} from './ssm-parameter-store.js';
import { getParametersByPath } from './ssm-parameters-by-path.js';

export type { FakeSsmParameter } from './ssm-parameter-store.js';

const SSM = defineFakeService<FakeSsmState>({
  model: 'ssm',
  signingName: 'ssm',
  protocol: 'json',
  operations: {
    GetParameter: getParameter,
    GetParameters: getParameters,
    GetParametersByPath: (state, request) => {
      const readable = { ...state.strings };
      for (const parameter of state.parameters.values())
        if (parameter.type !== 'SecureString') readable[parameter.name] = parameter.value;
      return getParametersByPath(readable, request);
    },
    PutParameter: putParameter,
    DeleteParameter: deleteParameter,
    DescribeParameters: describeParameters,
    ListTagsForResource: listTagsForResource,
    AddTagsToResource: addTagsToResource,
    RemoveTagsFromResource: removeTagsFromResource,
  },
});

/**
 * SSM (awsJson1_1, AmazonSSM) over one map of String parameters (name -> value), read at call time (a
 * test may add one later); a name not in it is ParameterNotFound. Parameters written with PutParameter
 * are kept too.
 */
export function ssmHandler(parameters: Record<string, string>): ServiceHandler {
  return SSM.handler({ parameters: new Map(), strings: parameters });
}

export interface FakeParameterStore {
  handler: ServiceHandler;
  /** Every parameter written so far, by name. */
  parameters: Map<string, FakeSsmParameter>;
  /** Changes a parameter's value as someone outside Terraform would (a new version). */
  change(name: string, value: string): void;
}

/** SSM Parameter Store as the AWS provider uses it for aws_ssm_parameter: create, read, tag, delete. */
export function ssmParameterStore(): FakeParameterStore {
  const state: FakeSsmState = { parameters: new Map(), strings: {} };
  return {
    handler: SSM.handler(state),
    parameters: state.parameters,
    change(name, value) {
      const parameter = state.parameters.get(name);
      if (!parameter) throw new Error(`fake SSM: no parameter ${name}`);
      state.parameters.set(name, {
        ...parameter,
        value,
        version: parameter.version + 1,
        lastModified: Math.floor(Date.now() / 1000),
      });
    },
  };
}
