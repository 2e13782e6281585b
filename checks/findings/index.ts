export * from "./github.ts";
export * from "./human.ts";
export * from "./json.ts";
export * from "./junit.ts";
export * from "./markdown.ts";
export * from "./values.ts";
export * from "../../pipelines/core/writeAtomic.ts";
