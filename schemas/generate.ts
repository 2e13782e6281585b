// Writes schemas/json/*.schema.json from the Effect schemas. `npm run schemas`; a test fails when stale.
// An entry point, not part of the contract: it reads the kinds' registry for their params' schemas
// (checks.schema.json), the one import from a stage that .dependency-cruiser.cjs allows in schemas/.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { kinds } from "../checks/kinds/index.ts";
import { checksSchemaText, contracts, jsonSchemaText, type ContractName } from "./jsonSchemas.ts";

const args = process.argv.slice(2);
if (args.length > 0) {
  const help = args.length === 1 && (args[0] === "--help" || args[0] === "-h");
  (help ? process.stdout : process.stderr).write("usage: npm run schemas\n  writes schemas/json/*.schema.json from the Effect schemas (it takes no options)\n");
  process.exit(help ? 0 : 2);
}

for (const name of Object.keys(contracts) as ContractName[]) {
  const file = fileURLToPath(new URL(`./json/${name}.schema.json`, import.meta.url));
  writeFileSync(file, name === "checks" ? checksSchemaText([...kinds.values()]) : jsonSchemaText(name));
  process.stderr.write(`wrote ${file}\n`);
}
