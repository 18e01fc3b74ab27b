/** Constants of the tar format (POSIX ustar, PAX and GNU extensions). @module */

/** Every tar structure is a multiple of this. */
export const BLOCK_SIZE = 512;

/** Type flags, as ASCII codes. */
export const TYPEFLAG = {
  file: 0x30,
  fileOld: 0x00,
  hardlink: 0x31,
  symlink: 0x32,
  charDevice: 0x33,
  blockDevice: 0x34,
  directory: 0x35,
  fifo: 0x36,
  contiguous: 0x37,
  paxLocal: 0x78, // x
  paxGlobal: 0x67, // g
  gnuLongName: 0x4c, // L
  gnuLongLink: 0x4b, // K
  gnuSparse: 0x53, // S
  gnuVolume: 0x56, // V
  gnuDumpDir: 0x44, // D
  gnuMultiVol: 0x4d, // M
  solarisAcl: 0x41, // A
  solarisExtended: 0x58, // X
} as const;

/** Largest value an octal field of `width` bytes (with its terminator) can hold. */
export function octalMax(width: number): number {
  return 8 ** (width - 1) - 1;
}

/** Rounds `n` up to a whole number of blocks. */
export function padToBlock(n: number): number {
  return Math.ceil(n / BLOCK_SIZE) * BLOCK_SIZE;
}
