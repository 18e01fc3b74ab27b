/**
 * Maps a position in transformed code back to the original, from a version 3 source map
 * (the one sucrase writes), so errors in a config point at what the user wrote. Pure.
 * @module
 */

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decodes one base64 VLQ segment into its numbers. */
export function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64.indexOf(ch);
    if (digit < 0) throw new Error(`bad VLQ character ${ch}`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/**
 * The original 1-based line and column of generated position (`line`, `column`, both
 * 1-based), or undefined when the map has nothing for that line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { originalPosition } from "./source_map.ts";
 * // one line; generated column 0 comes from line 0 column 0, column 10 from column 4
 * assert.ok(originalPosition("AAAA,UAAI", 1, 12)?.column === 6);
 * ```
 */
export function originalPosition(
  mappings: string,
  line: number,
  column: number,
): { line: number; column: number } | undefined {
  let srcLine = 0;
  let srcCol = 0;
  let best: { genCol: number; line: number; col: number } | undefined;
  const lines = mappings.split(";");
  for (let l = 0; l < lines.length && l < line; l++) {
    let genCol = 0;
    for (const seg of lines[l].split(",")) {
      if (!seg) continue;
      const [dCol, , dLine, dSrcCol] = decodeVlq(seg);
      genCol += dCol;
      if (dLine === undefined) continue;
      srcLine += dLine;
      srcCol += dSrcCol;
      if (l === line - 1 && genCol <= column - 1) best = { genCol, line: srcLine, col: srcCol };
    }
  }
  if (!best) return undefined;
  return { line: best.line + 1, column: best.col + (column - 1 - best.genCol) + 1 };
}
