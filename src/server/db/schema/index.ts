export * from "./app-schema.ts";
export * from "./demo.ts";
export * from "./instagram.ts";
export * from "./sandbox.ts";
