/**
 * Numeric header fields: octal text, GNU base-256 binary, and their limits.
 * @module
 */

/** Thrown when a numeric header field cannot be read. */
export class NumericFieldError extends Error {
  override name = "NumericFieldError";
}

/**
 * Writes `value` into `buf[offset, offset+width)` as zero-padded octal followed by NUL.
 * Returns false when the value does not fit (the caller then falls back to PAX or base-256).
 */
export function writeOctal(buf: Uint8Array, offset: number, width: number, value: number): boolean {
  if (!Number.isInteger(value) || value < 0 || value > 8 ** (width - 1) - 1) return false;
  let i = offset + width - 2;
  let v = value;
  // the high digits of values of 2 ** 31 and more (sizes, far mtimes) in float arithmetic,
  // the rest in (faster) integer arithmetic
  for (; v > 0x7fffffff; i--) {
    buf[i] = 0x30 + (v % 8);
    v = Math.floor(v / 8);
  }
  for (; i >= offset; i--) {
    buf[i] = 0x30 | (v & 7);
    v >>>= 3;
  }
  buf[offset + width - 1] = 0;
  return true;
}

/** Writes `value` (possibly negative) in GNU base-256 two's complement form. */
export function writeBase256(buf: Uint8Array, offset: number, width: number, value: number): void {
  let v = BigInt(Math.trunc(value));
  const negative = v < 0n;
  if (negative) v = (1n << BigInt(8 * width)) + v;
  for (let i = offset + width - 1; i > offset; i--) {
    buf[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  buf[offset] = negative ? 0xff : 0x80;
}

/**
 * Reads a numeric field: octal (leading/trailing spaces and NULs allowed) or base-256.
 * Throws {@linkcode NumericFieldError} on any other byte, so corrupt headers are refused.
 */
export function readNumeric(buf: Uint8Array, offset: number, width: number): number {
  const first = buf[offset];
  if (first & 0x80) {
    // base-256: 0x80 = positive, 0xff = negative two's complement
    let v = 0n;
    for (let i = offset; i < offset + width; i++) {
      v = (v << 8n) | BigInt(i === offset ? first & 0x7f : buf[i]);
    }
    if (first === 0xff || (first & 0x40)) {
      v -= 1n << BigInt(8 * width - 1);
    }
    const n = Number(v);
    if (!Number.isSafeInteger(n)) {
      throw new NumericFieldError("base-256 number out of range");
    }
    return n;
  }
  let i = offset;
  const end = offset + width;
  while (i < end && (buf[i] === 0x20 || buf[i] === 0)) {
    if (buf[i] === 0) {
      // an all-NUL field reads as zero
      let allNul = true;
      for (let j = i; j < end; j++) if (buf[j] !== 0 && buf[j] !== 0x20) allNul = false;
      if (allNul) return 0;
    }
    i++;
  }
  let v = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = buf[i];
    if (c >= 0x30 && c <= 0x37) {
      v = v * 8 + (c - 0x30);
      digits++;
    } else if (c === 0 || c === 0x20) {
      for (let j = i; j < end; j++) {
        if (buf[j] !== 0 && buf[j] !== 0x20) {
          throw new NumericFieldError(`not an octal number: ${_show(buf, offset, width)}`);
        }
      }
      break;
    } else {
      throw new NumericFieldError(`not an octal number: ${_show(buf, offset, width)}`);
    }
  }
  if (digits === 0) return 0;
  return v;
}

function _show(buf: Uint8Array, offset: number, width: number): string {
  return JSON.stringify(
    String.fromCharCode(...buf.subarray(offset, offset + width)).replace(/\0+$/, ""),
  );
}
