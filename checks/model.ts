// What a check run produces; every report format renders this one value.
import { createHash } from "node:crypto";
import type { Severity } from "./types.ts";

/** One figure a finding compares, as printed, with where it was printed. */
export interface FindingObservation {
  readonly ref: string;
  readonly label: string;
  /** the value as printed (observations.value_text) */
  readonly value: string | null;
  readonly unit: string | null;
  /** in the base unit, corrections applied */
  readonly value_base: number | null;
  readonly period: string | null;
  readonly source: { readonly citation: string; readonly printed: string | null } | null;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** the corrected value in the printed unit, when an acknowledged correction corrects this figure */
  readonly corrected?: number;
  /** the row of the register of estimates (estimates_register.quantity) this figure is an estimate of */
  readonly register?: string;
}

export interface Waiver {
  readonly finding_id: string;
  readonly reason: string;
  readonly author: string;
  readonly date: string;
  readonly expires: string | null;
  readonly file: string;
  readonly line: number;
}

/** A waiver that did not waive: expired, or naming no finding of this run. */
export interface WaiverStatus extends Waiver {
  readonly matched: boolean;
}

/** A correction of a printed figure (sources/<package>/corrections.csv or checks/corrections.csv). */
export interface AppliedCorrection {
  readonly obs_id: string;
  readonly original: string;
  /** in the printed unit */
  readonly corrected: number;
  readonly justification: string;
  readonly author: string;
  readonly date: string;
  readonly file: string;
  readonly line: number;
}

/** open: to act on; waived: acknowledged in a waivers.csv; corrected: the figures as printed give it, a correction resolves it. */
export type FindingStatus = "open" | "waived" | "corrected";

export interface Finding {
  readonly id: string;
  readonly check: string;
  readonly kind: string;
  readonly severity: Severity;
  readonly target: string;
  readonly status: FindingStatus;
  readonly waived: boolean;
  /** the waiver that waives this finding */
  readonly waiver?: Waiver;
  /** the printed figures give this finding and the corrected ones do not */
  readonly corrected: boolean;
  /** the corrections of this finding's figures: what resolves a corrected finding, or what an open one appears with */
  readonly corrections?: ReadonlyArray<AppliedCorrection>;
  readonly message: string;
  readonly explanation?: string;
  /** kind-specific figures (parsed from the failure row's details) */
  readonly details: unknown;
  readonly observations: ReadonlyArray<FindingObservation>;
  /** the packages of the figures it compares (the part of each obs_id before ':') */
  readonly packages: ReadonlyArray<string>;
}

/** Findings counted by status: open ones by severity, waived, corrected, and all. */
export interface FindingCounts {
  /** unwaived findings by severity */
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly waived: number;
  /** findings the figures as printed give and a correction resolves */
  readonly corrected: number;
  /** all findings */
  readonly total: number;
}

/** The counts of the summary for the findings of one package (a finding comparing two packages counts in both). */
export interface PackageSummary extends FindingCounts {
  readonly package: string;
}

/** A check that ran, passing or not. */
export interface CheckRun {
  readonly id: string;
  readonly kind: string;
  readonly description: string;
  readonly severity: Severity;
  readonly findings: number;
  readonly seconds: number;
}

export interface Summary extends FindingCounts {
  readonly checks_run: number;
  readonly expired_waivers: number;
  readonly unmatched_waivers: number;
  /** the same counts for each package loaded (or selected with --package), in package order */
  readonly packages: ReadonlyArray<PackageSummary>;
}

export interface CheckReport {
  readonly summary: Summary;
  /** sorted by severity (error, warning, info), check id, target */
  readonly findings: ReadonlyArray<Finding>;
  /** the checks that ran, in checks.json order */
  readonly checks: ReadonlyArray<CheckRun>;
  readonly waivers: { readonly expired: ReadonlyArray<WaiverStatus>; readonly unmatched: ReadonlyArray<WaiverStatus> };
  readonly seconds: number;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** `<kind>-<first 12 hex digits of sha256(kind \0 check id \0 target)>`: stable while the target is. */
export const findingId = (kind: string, checkId: string, target: string): string =>
  `${kind}-${createHash("sha256").update(`${kind}\0${checkId}\0${target}`).digest("hex").slice(0, 12)}`;

/** Counts for the summary line. */
export const summarize = (
  findings: ReadonlyArray<Finding>,
  checksRun: number,
  waivers: CheckReport["waivers"],
  packages: ReadonlyArray<string> = [],
): Summary => {
  const counts = (fs: ReadonlyArray<Finding>): FindingCounts => {
    const o = fs.filter((f) => !f.waived && !f.corrected);
    return {
      errors: o.filter((f) => f.severity === "error").length,
      warnings: o.filter((f) => f.severity === "warning").length,
      infos: o.filter((f) => f.severity === "info").length,
      waived: fs.filter((f) => f.waived && !f.corrected).length,
      corrected: fs.filter((f) => f.corrected).length,
      total: fs.length,
    };
  };
  return {
    ...counts(findings),
    checks_run: checksRun,
    expired_waivers: waivers.expired.length,
    unmatched_waivers: waivers.unmatched.length,
    packages: [...packages].sort().map((p) => ({ package: p, ...counts(findings.filter((f) => f.packages.includes(p))) })),
  };
};

/** "0 errors, 11 warnings, 7 infos, 18 waived, 2 corrected — 38 findings" for one package's counts. */
export const packageCountsText = (p: PackageSummary): string => {
  const n = (k: number, one: string) => `${k} ${one}${k === 1 ? "" : "s"}`;
  return `${n(p.errors, "error")}, ${n(p.warnings, "warning")}, ${n(p.infos, "info")}, ${p.waived} waived, ${p.corrected} corrected — ${n(p.total, "finding")}`;
};

/** The package of an obs_id: the part before its first ':'. */
export const packageOf = (obsId: string): string => obsId.slice(0, Math.max(0, obsId.indexOf(":")));

/** A finding to act on: neither waived nor resolved by a correction. */
export const isOpen = (f: Finding): boolean => !f.waived && !f.corrected;

/** One line per correction of a finding: "s-2.1-02 printed -16.2%, corrected to 16.2 by A on 2026-11-27 (file:3): why". */
export const correctionLines = (f: Finding): string[] =>
  (f.corrections ?? []).map((c) => `${c.obs_id} printed ${c.original}, corrected to ${c.corrected} by ${c.author} on ${c.date} (${c.file}:${c.line}): ${c.justification}`);

/** The register rows (estimates_register.quantity) of a finding's figures, each once, in figure order. */
export const registerRows = (f: Finding): string[] => [...new Set(f.observations.flatMap((o) => (o.register !== undefined ? [o.register] : [])))];

/** Exit code of a run: 1 when any error finding is unwaived. */
export const exitCodeOf = (report: CheckReport): 0 | 1 => (report.summary.errors > 0 ? 1 : 0);
