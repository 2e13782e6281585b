// A package whose every free text is hostile to some output format: pipes and asterisks (Markdown),
// commas, quotes and line breaks (CSV), ampersands and angle brackets (XML, HTML), backticks, brackets
// and non-Latin letters. It has a total that does not add up (a finding), a figure printed as N/A and one
// printed as a range (observations with no value), a period range, two sources for the same key, one
// source with two values for one key and one figure printed twice.
// The export and report tests build it, check it and read every output back with independent readers.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckReport } from "../../checks/model.ts";
import { runChecks } from "../../checks/runner.ts";
import { build } from "../../pipelines/load/build.ts";
import { checkedOnce, originalFolder } from "./onceper.ts";
import { referenceDir, writePackage, type PackageSpec } from "./syntheticPackage.ts";
import { projectRoot } from "./workspace.ts";

/** Labels that each break a naive writer of some format. */
export const HOSTILE = {
  total: "Total | *all* <b>&amp;</b>",
  men: 'Men, "aged" 15–64 | _x_ [link](http://e.x) `code`',
  women: "Women\nsecond line * Qadınlar — Bakı ✓",
  source: 'State "Committee", *Yearbook* | p. 4, <tab>\n & Naxçıvan',
  other: "Other source ~~struck~~ # not a heading",
  reason: 'Waived: "two sources" | *both* kept, <ok> & done\nsecond line',
} as const;

export const hostileSpec = (): PackageSpec => ({
  id: "hostile",
  citations: [
    { id: "src", printed: HOSTILE.source, publisher: "Pub, \"quoted\"", year: 2008, kind: "national-statistics", reporter: "Azerbaijan" },
    { id: "other", printed: HOSTILE.other, publisher: "Other | pub", year: 2007, kind: "international", reporter: "Russian Federation" },
  ],
  tables: [
    {
      id: "t1",
      title: 'Arrivals | by "sex" *and* year, <2000–2002>',
      coordinates: { measure: "migration", direction: "in" },
      rows: {
        title: "Sex | *group*",
        dimension: "breakdown",
        labels: { [HOSTILE.total]: { breakdown: "" }, [HOSTILE.men]: { breakdown: "sex=male" }, [HOSTILE.women]: { breakdown: "sex=female" } },
      },
      columns: { dimension: "period", labels: { "2000–2001": { period: "2000 – 2001" } } },
      hierarchy: [{ axis: "rows", total: HOSTILE.total, parts: [HOSTILE.men, HOSTILE.women] }],
      csv: [
        ["Sex | *group*", "2000", "2001", "2002", "2000–2001"],
        [HOSTILE.total, "3,410", "1,000", "N/A", "4,410"],
        [HOSTILE.men, "2,000", "600", "500", "2,600"],
        [HOSTILE.women, "1,400", "400", "300", "1,800"],
      ],
    },
  ],
  statements: [
    { id: "s1", label: 'Emigrants "abroad" | *est.*', measure: "emigrant_stock_share", value: "16 to 25", period: "2006", unit: "per cent", qualifier: "between", citation: "src" },
    { id: "s2", label: "Arrivals, all", measure: "migration", direction: "in", value: "3,500", period: "2000", unit: "persons", citation: "other" },
    { id: "s3", label: "Arrivals 2005–2006", measure: "migration", direction: "in", value: "7,250.5", period: "2005-2006", unit: "persons", citation: "src" },
    // the same source as Table 1 gives another total for 2001: one key, two values
    { id: "s4", label: "Arrivals | 2001, *total*", measure: "migration", direction: "in", value: "1,100", period: "2001", unit: "persons", citation: "src" },
    // the same figure printed twice by one source
    { id: "s5", label: "Arrivals 2005–2006 (again)", measure: "migration", direction: "in", value: "7,250.5", period: "2005-2006", unit: "persons", citation: "src" },
  ],
});

export interface HostileWarehouse {
  readonly dir: string;
  readonly db: string;
  readonly report: CheckReport;
  readonly cleanup: () => void;
}

/**
 * Build the hostile package, run the project's checks on it, then waive its first finding (with a
 * hostile reason) and run them again: the report has open and waived findings.
 */
export const hostileCheckedWarehouse = (): Promise<HostileWarehouse> =>
  checkedOnce("hostile-checked", async () => {
    const dir = originalFolder("hostile-");
    const sources = join(dir, "sources");
    mkdirSync(sources, { recursive: true });
    cpSync(referenceDir, join(sources, "_reference"), { recursive: true });
    writePackage(sources, hostileSpec());
    const db = join(dir, "warehouse", "profile.duckdb");
    await build({ sourcesDir: sources, dbPath: db });
    const checks = join(dir, "checks");
    mkdirSync(checks);
    const empty = "finding_id,reason,author,date,expires\n";
    writeFileSync(join(checks, "waivers.csv"), empty);
    writeFileSync(join(checks, "corrections.csv"), "obs_id,original,corrected,justification,author,date\n");
    const opts = {
      dbPath: db,
      checksFile: join(projectRoot, "checks", "checks.json"),
      waiversFile: join(checks, "waivers.csv"),
      correctionsFile: join(checks, "corrections.csv"),
      today: "2026-01-01",
    };
    const first = await runChecks(opts);
    const waive = first.findings[0];
    if (waive === undefined) throw new Error("the hostile package raised no finding to waive");
    const quoted = `"${HOSTILE.reason.replaceAll('"', '""')}"`;
    writeFileSync(join(checks, "waivers.csv"), `${empty}${waive.id},${quoted},"Ä. Reviewer, ""QA""",2025-12-01,\n`);
    const report = await runChecks(opts);
    return { db, report };
  });
