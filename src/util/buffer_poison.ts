/**
 * Poisoning released buffers, in tests: where a buffer is handed out "valid until the next
 * one" (the encoder's reused output chunks, the read-ahead slots, the zstd decoder's output
 * slots), it is filled with {@linkcode POISON_BYTE} when it is taken back, so that a use after
 * release reads garbage and fails a test instead of silently reading the next data. On when
 * `TARZ_POISON_BUFFERS=1` (the test task sets it); off, it costs one boolean test.
 * @module
 */

/** The byte released buffers are filled with. */
export const POISON_BYTE = 0xdb;

/** Whether released buffers are poisoned in this process. */
export const POISON_BUFFERS: boolean = (() => {
  try {
    return Deno.env.get("TARZ_POISON_BUFFERS") === "1";
  } catch {
    return false; // no permission to read the environment: off
  }
})();

/** Fills `bytes` with the poison byte, when poisoning is on. */
export function poison(bytes: Uint8Array): void {
  if (POISON_BUFFERS) bytes.fill(POISON_BYTE);
}
