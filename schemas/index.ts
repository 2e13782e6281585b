export * from "./descriptor.ts";
export * from "./rows.ts";
export * from "./checks.ts";
export * from "./jsonSchemas.ts";
