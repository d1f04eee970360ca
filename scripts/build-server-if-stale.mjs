// Compiles the server before `npm start` when its sources changed since the last build.
import { buildServer, compiledIsFresh } from "./server-build.mjs";

if (!compiledIsFresh()) {
  const started = Date.now();
  process.stdout.write("Compiling the server…\n");
  await buildServer();
  process.stdout.write(`Server compiled in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
