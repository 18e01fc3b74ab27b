/**
 * The block sizes of parallel compression, which the zstd reader also uses for the slots it
 * decodes frames into.
 * @module
 */
import type { BlockFormat } from "./worker_pool.ts";

/**
 * Block sizes. gzip's window is 32 KiB, so 4 MiB members cost under 0.1% in size. zstd's
 * level-3 window is 2–8 MiB, so its frames are larger; 6 MiB keeps peak RSS under 200 MiB
 * on two cores at a size cost (docs/benchmarks.md). Memory is fixed: the pool holds
 * threads + 1 input slots of this size and threads output slots.
 */
export const BLOCK_SIZE: Record<BlockFormat, number> = {
  gzip: 4 << 20,
  zstd: 6 << 20,
};
