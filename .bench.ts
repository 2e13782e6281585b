import { parseNumber } from "./pipelines/normalize/numbers.ts";
import { parsePeriod } from "./pipelines/normalize/periods.ts";
import { UnitRegistry } from "./pipelines/normalize/units.ts";
const f = { decimal: ".", group: "," };
const cases = ["1-".repeat(99) + "1", "1 to ".repeat(39) + "1", "between " + "1 and ".repeat(30) + "1", "a ".repeat(99), "1,".repeat(99) + "1", "one ".repeat(49), "9".repeat(199)];
for (const c of cases) { const t = performance.now(); for (let i = 0; i < 10; i++) parseNumber(c, f, {}); console.log("num", c.slice(0, 12), ((performance.now() - t) / 10).toFixed(2), "ms"); }
const pc = ["1995-".repeat(39) + "1995", "by ".repeat(60) + "2005", "(estimate)".repeat(19), "end of ".repeat(25) + "2006", "1995 to ".repeat(24)];
for (const c of pc) { const t = performance.now(); for (let i = 0; i < 10; i++) parsePeriod(c); console.log("per", c.slice(0, 12), ((performance.now() - t) / 10).toFixed(2), "ms"); }
const { registry } = UnitRegistry.load();
const big = "x".repeat(100000); let t = performance.now(); registry.resolve(big); console.log("unit big", (performance.now() - t).toFixed(1), "ms");
