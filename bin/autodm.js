#!/usr/bin/env node
// Runs autodm's TypeScript sources directly (tsx), so there is no separate server build step.
import { register } from "tsx/esm/api";

register();
await import("../src/server/main.ts");
