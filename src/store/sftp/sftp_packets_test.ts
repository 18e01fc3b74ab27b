import assert from "node:assert/strict";
import {
  encodeWrite,
  FXP,
  PacketReader,
  PacketSplitter,
  PacketWriter,
  writeData,
  writePacketSize,
} from "./sftp_packets.ts";

Deno.test("a packet written is framed with its length and read back field by field", () => {
  const p = new PacketWriter(FXP.OPEN).u32(7).string("/a/b").u32(0x1a).attrs(0o600).packet();
  assert.equal(new DataView(p.buffer).getUint32(0), p.length - 4);
  assert.equal(p[4], FXP.OPEN);
  const r = new PacketReader(p.subarray(5));
  assert.deepEqual([r.u32(), r.string(), r.u32(), r.attrs()], [7, "/a/b", 0x1a, { mode: 0o600 }]);
  assert.equal(r.more, false);
});

Deno.test("attributes with size, owner, mode and times read as size, mode and mtime", () => {
  const p = new PacketWriter(FXP.ATTRS).u32(1).u32(1 | 2 | 4 | 8).u64(2 ** 40).u32(0).u32(0)
    .u32(0o100644).u32(1).u32(1_700_000_000).packet();
  const r = new PacketReader(p.subarray(5));
  r.u32();
  assert.deepEqual(r.attrs(), { size: 2 ** 40, mode: 0o100644, mtime: 1_700_000_000 });
});

Deno.test("PacketSplitter finds packets however the stream is cut, and refuses a bad length", () => {
  const a = new PacketWriter(FXP.STATUS).u32(1).u32(0).string("ok").string("").packet();
  const b = new PacketWriter(FXP.HANDLE).u32(2).string("h").packet();
  const stream = new Uint8Array([...a, ...b]);
  for (const cut of [1, 3, 5, stream.length]) {
    const s = new PacketSplitter();
    const got: number[] = [];
    for (let i = 0; i < stream.length; i += cut) {
      for (const [type] of s.push(stream.subarray(i, i + cut))) got.push(type);
    }
    assert.deepEqual(got, [FXP.STATUS, FXP.HANDLE], `cut every ${cut}`);
  }
  assert.throws(() => new PacketSplitter().push(new Uint8Array([0xff, 0, 0, 0, 1])), RangeError);
});

Deno.test("a WRITE framed into a reused buffer equals the one PacketWriter builds", () => {
  const handle = new Uint8Array([1, 2, 3]);
  const into = new Uint8Array(writePacketSize(handle, 5) + 7).fill(0xee);
  for (const [id, offset, data] of [[9, 2 ** 33, [1, 2, 3, 4, 5]], [10, 0, [6]]] as const) {
    const p = encodeWrite(into, id, handle, offset, new Uint8Array(data));
    assert.equal(p.buffer, into.buffer);
    const w = new PacketWriter(FXP.WRITE).u32(id).string(handle).u64(offset)
      .string(new Uint8Array(data)).packet();
    assert.deepEqual([...p], [...w]);
    assert.deepEqual([...writeData(into)], data);
  }
  assert.throws(() => encodeWrite(new Uint8Array(10), 1, handle, 0, new Uint8Array(5)), RangeError);
});
