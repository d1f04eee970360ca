#!/usr/bin/env node
// Runs the compiled server (dist/server/main.js, built by `npm start`) when it is newer than
// every source; otherwise the TypeScript sources directly through tsx, so a checkout that was
// never built, or was edited since, still runs what its sources say.
import { pathToFileURL } from "node:url";
import { compiledIsFresh, entry, outfile } from "../scripts/server-build.mjs";

if (compiledIsFresh()) {
  await import(pathToFileURL(outfile).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(entry).href);
}
