import type { AwsClients } from '../aws/clients.js';

/** Pages read at most (10,000 events each): a Test stage's build log is a few hundred lines. */
const MAX_PAGES = 20;

/** Every message of one log stream, oldest first (GetLogEvents from the head until its token stops moving). */
export async function readWholeLog(
  clients: AwsClients,
  log: { group: string; stream: string },
): Promise<string[]> {
  const { GetLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const client = await clients.logs();
  const messages: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await client.send(
      new GetLogEventsCommand({
        logGroupName: log.group,
        logStreamName: log.stream,
        startFromHead: true,
        ...(token ? { nextToken: token } : {}),
      }),
    );
    for (const event of answer.events ?? []) messages.push(...(event.message ?? '').split(/\r?\n/));
    if (!answer.nextForwardToken || answer.nextForwardToken === token) break;
    token = answer.nextForwardToken;
  }
  return messages;
}
