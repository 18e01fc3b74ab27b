/**
 * Recognising what a file is when it is not an archive tarz reads: other archive and
 * compression formats by their signatures, and plain text. Pure: it looks at the first
 * bytes only. Brotli has no signature, so a file is taken for brotli only when nothing here
 * claims it (and then only if it decodes to tar, see open_archive.ts).
 * @module
 */

const _SIGNATURES: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], "a zip archive"],
  [[0x50, 0x4b, 0x05, 0x06], "an empty zip archive"],
  [[0x50, 0x4b, 0x07, 0x08], "a zip archive"],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], "a 7z archive"],
  [[0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], "a RAR archive"],
  [[0x04, 0x22, 0x4d, 0x18], "an lz4 stream"],
  [[0x02, 0x21, 0x4c, 0x18], "a legacy lz4 stream"],
  [[0x4c, 0x5a, 0x49, 0x50], "an lzip stream"],
  [[0x89, 0x4c, 0x5a, 0x4f], "an lzop stream"],
  [[0x21, 0x3c, 0x61, 0x72, 0x63, 0x68, 0x3e, 0x0a], "an ar archive (a .deb or static library)"],
  [[0xed, 0xab, 0xee, 0xdb], "an RPM package"],
  [[0x78, 0x61, 0x72, 0x21], "a xar archive"],
  [[0x4d, 0x53, 0x43, 0x46], "a Microsoft cabinet"],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], "a PDF document"],
  [[0x89, 0x50, 0x4e, 0x47], "a PNG image"],
  [[0xff, 0xd8, 0xff], "a JPEG image"],
  [[0x7f, 0x45, 0x4c, 0x46], "an ELF program"],
  [[0x30, 0x37, 0x30, 0x37, 0x30], "a cpio archive"],
  [[0xc7, 0x71], "a cpio archive"],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], "an SQLite database"],
];

/** Formats tarz does not read, recognised: the phrase for a message, or null. */
export function foreignFormat(head: Uint8Array): string | null {
  for (const [magic, what] of _SIGNATURES) {
    if (magic.every((b, i) => head[i] === b)) return what;
  }
  if (_isText(head)) return "text";
  return null;
}

/**
 * Whether the bytes read as text: valid UTF-8 without NUL or other control characters but
 * tab, newline, carriage return and form feed. A cut multi-byte character at the very end
 * is allowed (the head is a prefix of the file).
 */
function _isText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let i = 0;
  while (i < head.length) {
    const c = head[i];
    if (c < 0x80) {
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) return false;
      if (c === 0x7f) return false;
      i++;
      continue;
    }
    const n = c >= 0xf5 ? -1 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : -1;
    if (n < 0) return false;
    for (let k = 1; k <= n; k++) {
      if (i + k >= head.length) return true; // cut at the end of the head
      if ((head[i + k] & 0xc0) !== 0x80) return false;
    }
    i += n + 1;
  }
  return true;
}
