import type { MissingMeaningT, NumberFormatT } from "../../schemas/descriptor.ts";

/** The number format and missing markers of a package that declares none. */
export const DEFAULT_FORMAT: NumberFormatT = { decimal: ".", group: "," };
export const DEFAULT_MISSING: Readonly<Record<string, MissingMeaningT>> = { "": "missing", "-": "nil", "N/A": "not-available" };

/** Canonical breakdown: pairs sorted by key, whitespace trimmed. */
export const canonicalBreakdown = (text: string): string =>
  text
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((p) => {
      const [k, ...v] = p.split("=");
      return `${k!.trim()}=${v.join("=").trim()}`;
    })
    .sort()
    .join(";");
