/** The resolver's vocabulary: the kinds of place a code names, and the rows it answers with (see countries.ts). */
export type GeoKind = "country" | "historical" | "aggregate" | "unspecified";
/** (a type alias rather than an interface so that rows stay assignable to `Record<string, unknown>`) */
export type GeoEntry = {
  readonly code: string;
  readonly name: string;
  readonly kind: GeoKind;
};
export interface GeoMatch extends GeoEntry {
  readonly input: string;
  readonly matchedBy: "iso" | "alias" | "package-alias";
}
export interface GeoUnknown {
  readonly ok: false;
  readonly code: "unknown-country";
  readonly expected: string;
  readonly suggestions: ReadonlyArray<string>;
}
export type GroupMembership = {
  readonly group_code: string;
  readonly member: string;
  readonly valid_from: number | null;
  readonly valid_to: number | null;
};

export const GEO_KINDS: ReadonlyArray<GeoKind> = ["country", "historical", "aggregate", "unspecified"];
export const ALIAS_COLUMNS = ["alias", "code", "kind", "note"] as const;
export const GROUP_COLUMNS = ["group_code", "member", "valid_from", "valid_to"] as const;

/** A code of the dictionary: 3 or more upper-case letters, digits or _. */
export const CODE_PATTERN = /^[A-Z][A-Z0-9_]{2,}$/;
