// Every file under some folders with its bytes' hash, to assert that a refused command changed nothing.
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** path -> sha256 of every regular file under `roots` (skipping `skip` folder names), "dir" for folders. */
export const snapshot = (roots: ReadonlyArray<string>, skip: ReadonlyArray<string> = ["node_modules", ".git"]): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (path: string) => {
    const st = lstatSync(path);
    if (st.isDirectory()) {
      out[path] = "dir";
      for (const name of readdirSync(path)) if (!skip.includes(name)) walk(join(path, name));
    } else out[path] = st.isFile() ? createHash("sha256").update(readFileSync(path)).digest("hex") : `special ${st.mode}`;
  };
  for (const r of roots) if (existsSync(r)) walk(r);
  return out;
};
