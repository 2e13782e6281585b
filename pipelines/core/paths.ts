import { relative, sep } from "node:path";

/** Paths shown in errors: relative to the working directory when inside it. */
export const display = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") || rel === "" ? path : rel.split(sep).join("/");
};
