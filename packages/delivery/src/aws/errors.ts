/** The AWS error code an SDK call failed with ("PipelineNotFoundException"...), or "". */
export function awsErrorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

/** "Name: message" of an AWS error, for a part of a report that could not be read. */
export function describeAwsError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
