export * from "./ai.ts";
export * from "./app-schema.ts";
export * from "./auth.ts";
export * from "./automations.ts";
export * from "./demo.ts";
export * from "./instagram.ts";
export * from "./pipeline.ts";
export * from "./sandbox.ts";
