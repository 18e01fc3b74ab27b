/**
 * The size of each part of a multipart upload whose total is not known in advance: 8 MiB
 * for the first thousand parts, then doubling every thousand, so that 10,000 parts (S3's
 * limit) hold over 5 TiB (S3's largest object) while small archives use small parts and
 * memory stays bounded by a few parts. Pure.
 * @module
 */

/** The smallest part: S3 asks 5 MiB of every part but the last; 8 MiB suits throughput. */
export const MIN_PART = 8 << 20;
/** Parts per size step. */
const _STEP = 1000;
/** S3's limits. */
export const MAX_PARTS = 10_000;
const _MAX_PART = 5 * 1024 ** 3;

/** The size of part `n` (1-based). */
export function partSize(n: number, min = MIN_PART): number {
  return Math.min(_MAX_PART, min * 2 ** Math.floor((n - 1) / _STEP));
}

/** The largest object `MAX_PARTS` parts can hold. */
export function maxUploadBytes(min = MIN_PART): number {
  let total = 0;
  for (let n = 1; n <= MAX_PARTS; n++) total += partSize(n, min);
  return total;
}
