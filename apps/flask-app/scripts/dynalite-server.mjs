#!/usr/bin/env node
// Local DynamoDB (dynalite, in memory) for tests and `pnpm dev`.
// Prints one JSON line {"port": N, "endpoint": "http://127.0.0.1:N"} once listening.
// It stops by itself when the process that started it goes away (its parent pid changes)
// or after --lifetime seconds, so a killed test run never leaves it behind.
import process from "node:process";
import { parseArgs } from "node:util";
import dynalite from "dynalite";

const { values } = parseArgs({
  options: {
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "0" },
    lifetime: { type: "string", default: "0" },
  },
});

const port = Number(values.port);
const lifetimeSeconds = Number(values.lifetime);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port ${values.port} is not a TCP port; use 0 (any free port) or 1-65535.`);
  process.exit(2);
}
if (!Number.isFinite(lifetimeSeconds) || lifetimeSeconds < 0) {
  console.error(`--lifetime ${values.lifetime} is not a number of seconds; use 0 (no limit) or more.`);
  process.exit(2);
}

// Tables become ACTIVE at once: nothing here waits for real provisioning.
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

function stop(reason) {
  if (reason) console.error(`dynalite: stopping (${reason})`);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}

server.on("error", (error) => {
  console.error(`dynalite: cannot listen on ${values.host}:${port}: ${error.message}`);
  process.exit(1);
});

server.listen(port, values.host, () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: address.port, endpoint: `http://${values.host}:${address.port}` })}\n`,
  );
});

const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) stop("parent process exited");
}, 500).unref();
if (lifetimeSeconds > 0) {
  setTimeout(() => stop(`lifetime of ${lifetimeSeconds}s reached`), lifetimeSeconds * 1000).unref();
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop());
