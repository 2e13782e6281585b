import { closeSync, openSync, readSync } from "node:fs";

// DuckDB's CSV reader numbers neither the records it returns nor the lines they come from, skips blank
// lines without a trace and counts a line break inside a quoted field as no line at all. Records are
// therefore placed on their lines here, from the bytes: first by a count of line ends (enough when each
// record is one line, the usual case), else by a quote-aware scan of the whole file.

const CHUNK = 1 << 22;
const LF = 10;
const CR = 13;
const QUOTE = 34;

const eachChunk = (path: string, visit: (bytes: Uint8Array) => void): void => {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      visit(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
};

/** Lines of a file: line feeds, plus one when the last line has none. */
export const countLines = (path: string): number => {
  let lineFeeds = 0;
  let last = LF;
  eachChunk(path, (bytes) => {
    // indexOf searches natively: twice as fast as a loop over the bytes
    for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) lineFeeds++;
    last = bytes[bytes.length - 1]!;
  });
  return lineFeeds + (last === LF ? 0 : 1);
};

/** Where each non-blank record of a CSV file starts. */
export interface RecordLines {
  /** 1-based physical line where each record starts, header included */
  readonly line: Int32Array;
  /** the same record's line as DuckDB counts them (line breaks inside quotes not counted) */
  readonly duckdbLine: Int32Array;
  readonly count: number;
}

/**
 * Scan a CSV file for its records (RFC 4180: `"` opens and closes a quoted field, `""` inside one is a
 * quote): each non-blank record's physical line and DuckDB's line number for it.
 */
export const scanRecordLines = (path: string): RecordLines => {
  let line = new Int32Array(1 << 16);
  let duckdbLine = new Int32Array(1 << 16);
  let count = 0;
  let physical = 1; // the current physical line
  let embedded = 0; // line breaks inside quoted fields so far
  let inQuotes = false;
  let pendingQuote = false; // a quote inside a quoted field, which a next quote would escape
  let recordStarted = false; // the current line holds something other than a carriage return
  let startLine = 1;
  let startDuck = 1;
  const push = () => {
    if (count === line.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      line = grow(line);
      duckdbLine = grow(duckdbLine);
    }
    line[count] = startLine;
    duckdbLine[count] = startDuck;
    count++;
  };
  eachChunk(path, (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (pendingQuote) {
        pendingQuote = false;
        if (b === QUOTE) continue; // "" inside quotes
        inQuotes = false;
      }
      if (inQuotes) {
        if (b === QUOTE) pendingQuote = true;
        else if (b === LF) {
          physical++;
          embedded++;
        }
        continue;
      }
      if (b === LF) {
        if (recordStarted) push();
        recordStarted = false;
        physical++;
        continue;
      }
      if (b === CR) continue;
      if (!recordStarted) {
        recordStarted = true;
        startLine = physical;
        startDuck = physical - embedded;
      }
      if (b === QUOTE) inQuotes = true;
    }
  });
  if (recordStarted) push();
  return { line, duckdbLine, count };
};
