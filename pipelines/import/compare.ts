import type { ImportResult } from "./importDocument.ts";
export interface Comparison { text: string }
export const compareDraft = (_r: ImportResult, _dir: string): Comparison => ({ text: "" });
export const formatComparison = (c: Comparison): string => c.text;
