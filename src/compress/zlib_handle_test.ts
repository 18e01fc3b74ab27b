import assert from "node:assert/strict";
import zlib from "node:zlib";
import { syncHandle } from "./zlib_handle.ts";

Deno.test("syncHandle compresses straight into a given buffer and resets between members", () => {
  const maybe = syncHandle(zlib.createGzip({ level: 6 }));
  assert.ok(maybe, "Deno's node:zlib exposes the handle");
  const handle = maybe;
  const data = new TextEncoder().encode("member ".repeat(10_000));
  for (let i = 0; i < 2; i++) {
    handle.reset();
    const out = new Uint8Array(1 << 16);
    const r = handle.write(zlib.constants.Z_FINISH, data, out);
    assert.equal(r.consumed, data.length);
    assert.deepEqual(new Uint8Array(zlib.gunzipSync(out.subarray(0, r.produced))), data);
  }
});

Deno.test("syncHandle throws a zstd checksum error where the caller can catch it", () => {
  const packed = zlib.zstdCompressSync(new TextEncoder().encode("zstd ".repeat(50_000)), {
    params: { [zlib.constants.ZSTD_c_checksumFlag]: 1 },
  });
  packed[packed.length - 1] ^= 0xff;
  const handle = syncHandle(zlib.createZstdDecompress())!;
  const out = new Uint8Array(1 << 20);
  assert.throws(() => handle.write(zlib.constants.ZSTD_e_continue, packed, out), /checksum/);
});

Deno.test("syncHandle returns null for an object without a native handle", () => {
  assert.equal(syncHandle({}), null);
});
