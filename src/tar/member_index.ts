/**
 * Where each member starts in a tar stream, taken as the stream goes by: headers are read,
 * bodies are passed over by their size, nothing is copied but headers and extended-header
 * data. The manifest keeps the result, so that a reader of a seekable archive can fetch
 * only the frames that hold the members it wants (see compress/seek_table.ts). Pure.
 * @module
 */
import { BLOCK_SIZE, padToBlock, TYPEFLAG } from "./constants.ts";
import { cString, isMetaFlag, isZeroBlock, magicOf, numField } from "./header_decode.ts";
import { parsePaxRecords } from "./pax.ts";

/** Collects the offset of every member's first header, by name, in stream order. */
export class MemberIndex {
  /**
   * [name, offset of the member's first header (its extended headers included)]; a
   * directory's name ends in "/".
   */
  readonly members: [string, number][] = [];
  /** Where the end-of-archive marker starts, once it went by. */
  end: number | null = null;
  #pos = 0; // bytes seen
  #next = 0; // where the next header starts
  #header = new Uint8Array(BLOCK_SIZE);
  #have = 0; // header bytes gathered
  #meta: Uint8Array | null = null; // extended-header data being gathered
  #metaHave = 0;
  #metaFlag = 0;
  #start = -1; // the member's first header
  #name: string | null = null; // from a PAX path or a GNU long name

  /** Takes the next chunk of the stream. */
  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && this.end === null) {
      const skip = this.#next - (this.#pos + at);
      if (skip > 0) {
        at += Math.min(skip, chunk.length - at);
        continue;
      }
      if (this.#meta) at = this.#gatherMeta(chunk, at);
      else at = this.#gatherHeader(chunk, at);
    }
    this.#pos += chunk.length;
  }

  #gatherHeader(chunk: Uint8Array, at: number): number {
    const n = Math.min(BLOCK_SIZE - this.#have, chunk.length - at);
    this.#header.set(chunk.subarray(at, at + n), this.#have);
    this.#have += n;
    if (this.#have === BLOCK_SIZE) {
      this.#have = 0;
      this.#onHeader(this.#pos + at + n - BLOCK_SIZE);
    }
    return at + n;
  }

  #onHeader(offset: number): void {
    const h = this.#header;
    if (isZeroBlock(h)) {
      this.end = offset;
      return;
    }
    if (this.#start < 0) this.#start = offset;
    const flag = h[156];
    const size = numField(h, 124, 12, offset, "size");
    this.#next = offset + BLOCK_SIZE + padToBlock(size);
    if (isMetaFlag(flag)) {
      if (flag === TYPEFLAG.paxLocal || flag === TYPEFLAG.gnuLongName) {
        this.#meta = new Uint8Array(size);
        this.#metaHave = 0;
        this.#metaFlag = flag;
        this.#next = offset + BLOCK_SIZE; // the data is read, then its padding passed over
        if (size === 0) this.#endMeta();
      }
      return;
    }
    let name = this.#name ?? cString(h.subarray(0, 100));
    if (this.#name === null && magicOf(h) === 1 && h[345] !== 0) {
      name = `${cString(h.subarray(345, 500))}/${name}`;
    }
    // a directory keeps one trailing "/", as listings show it; other names have none
    const bare = name.replace(/\/+$/, "");
    this.members.push([flag === TYPEFLAG.directory ? `${bare}/` : bare, this.#start]);
    this.#start = -1;
    this.#name = null;
  }

  #gatherMeta(chunk: Uint8Array, at: number): number {
    const meta = this.#meta!;
    const n = Math.min(meta.length - this.#metaHave, chunk.length - at);
    meta.set(chunk.subarray(at, at + n), this.#metaHave);
    this.#metaHave += n;
    if (this.#metaHave === meta.length) this.#endMeta();
    return at + n;
  }

  #endMeta(): void {
    const meta = this.#meta!;
    if (this.#metaFlag === TYPEFLAG.gnuLongName) this.#name = cString(meta);
    else {
      const path = parsePaxRecords(meta).findLast(([k]) => k === "path");
      if (path) this.#name = path[1];
    }
    this.#next += padToBlock(meta.length);
    this.#meta = null;
  }
}
