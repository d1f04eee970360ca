export * from "./app-schema.ts";
export * from "./demo.ts";
