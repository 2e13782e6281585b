// Writes schemas/json/*.schema.json from the Effect schemas. `npm run schemas`; a test fails when stale.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { contracts, jsonSchemaText, type ContractName } from "./jsonSchemas.ts";

for (const name of Object.keys(contracts) as ContractName[]) {
  const file = fileURLToPath(new URL(`./json/${name}.schema.json`, import.meta.url));
  writeFileSync(file, jsonSchemaText(name));
  process.stderr.write(`wrote ${file}\n`);
}
