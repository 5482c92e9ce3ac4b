#!/usr/bin/env node
// The CLI supports Node >= 20.19 on purpose; the AWS SDK's notice about its own future Node 22 floor is
// meant for SDK integrators, not for people running `challenge`.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { fileURLToPath } = await import('node:url');
const { main } = await import('../dist/main.js');
await main(process.argv.slice(2), fileURLToPath(new URL('..', import.meta.url)));
