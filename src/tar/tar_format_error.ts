/**
 * The error for a damaged or hostile archive, with the byte offset of what is wrong.
 * @module
 */

/** Thrown for a damaged or hostile archive; `offset` is the byte position in the tar stream. */
export class TarFormatError extends Error {
  override name = "TarFormatError";
  constructor(message: string, readonly offset: number, readonly member?: string) {
    super(message);
  }
}
