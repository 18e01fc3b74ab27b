import assert from "node:assert/strict";
import { type DecodedMember, readTar, TarFormatError } from "./reader.ts";
import { encodeHeader } from "./header_encode.ts";
import { makeEntry } from "./entry.ts";
import { concatBytes } from "../util/bytes.ts";

function file(path: string, text: string): Uint8Array[] {
  const data = new TextEncoder().encode(text);
  const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
  padded.set(data);
  return [encodeHeader(makeEntry({ path, type: "file", size: data.length })), padded];
}

async function names(chunks: Uint8Array[]): Promise<string[]> {
  const out: string[] = [];
  for await (const m of readTar(ReadableStream.from(chunks))) out.push(m.entry.path);
  return out;
}

Deno.test("readTar stops at the first zero block and ignores what follows", async () => {
  const garbage = crypto.getRandomValues(new Uint8Array(700));
  assert.deepEqual(await names([...file("a", "1"), new Uint8Array(1024), garbage]), ["a"]);
});

Deno.test("readTar accepts an archive without an end marker", async () => {
  assert.deepEqual(await names([...file("a", "1"), ...file("b", "2")]), ["a", "b"]);
});

Deno.test("readTar reports a bad header checksum with the byte offset", async () => {
  const chunks = [...file("a", "1"), ...file("b", "2")];
  chunks[2] = chunks[2].slice();
  chunks[2][0] ^= 1;
  await assert.rejects(
    names(chunks),
    (e: unknown) => e instanceof TarFormatError && e.offset === 1024,
  );
});

Deno.test("readTar reports truncated data naming the member", async () => {
  const [h, d] = file("big", "x".repeat(2000));
  await assert.rejects(
    async () => {
      for await (const m of readTar(ReadableStream.from([h, d.subarray(0, 1000)]))) {
        for await (const _ of m.body()) { /* drain */ }
      }
    },
    (e: unknown) =>
      e instanceof TarFormatError && e.member === "big" && /truncated/.test(e.message),
  );
});

Deno.test("readTar lets a PAX size override the ustar size", async () => {
  const pax = new TextEncoder().encode("11 size=10\n");
  const paxHeader = encodeHeader(
    makeEntry({ path: "PaxHeaders/a", type: "file", size: pax.length }),
  );
  paxHeader[156] = 0x78;
  // recompute the checksum after changing the type flag
  paxHeader.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of paxHeader) sum += b;
  paxHeader.set(new TextEncoder().encode(sum.toString(8).padStart(6, "0") + "\0 "), 148);
  const paxData = new Uint8Array(512);
  paxData.set(pax);
  const [h] = file("a", "");
  const data = new Uint8Array(512);
  data.set(new TextEncoder().encode("0123456789"));
  const seen: [string, number][] = [];
  for await (
    const m of readTar(ReadableStream.from([paxHeader, paxData, h, data, new Uint8Array(1024)]))
  ) {
    seen.push([m.entry.path, m.entry.size]);
  }
  assert.deepEqual(seen, [["a", 10]]);
});

Deno.test("readTar verifies checksums of headers at any alignment within a chunk", async () => {
  const archive = [...file("a", "1"), ...file("b", "2")];
  for (const shift of [0, 1, 2, 3]) {
    // the headers start `shift` bytes into the chunk's underlying buffer
    const joined = new Uint8Array(shift + 2048);
    let at = shift;
    for (const c of archive) {
      joined.set(c, at);
      at += c.length;
    }
    assert.deepEqual(await names([joined.subarray(shift)]), ["a", "b"]);
    joined[shift + 1024 + 200] ^= 0x10; // inside b's header
    await assert.rejects(
      names([joined.subarray(shift)]),
      (e: unknown) => e instanceof TarFormatError && e.offset === 1024,
    );
  }
});

Deno.test("readTar accepts the old signed checksum of headers with bytes over 127", async () => {
  const [h, d] = file("caf\u00e9", "x");
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : h[i];
    signed += b > 127 ? b - 256 : b;
  }
  const header = h.slice();
  header.set(new TextEncoder().encode(signed.toString(8).padStart(6, "0") + "\0 "), 148);
  assert.deepEqual(await names([header, d]), ["caf\u00e9"]);
});

Deno.test("readTar passes every error through mapError with the last member's path", async () => {
  const [h, d] = file("big", "x".repeat(2000));
  const seen: string[] = [];
  const mapError = (e: unknown, last: string) => (seen.push(last), new Error(`wrapped: ${e}`));
  await assert.rejects(async () => {
    for await (const m of readTar(ReadableStream.from([h, d.subarray(0, 1000)]), { mapError })) {
      for await (const _ of m.body()) { /* drain */ }
    }
  }, /wrapped: TarFormatError/);
  const [h2] = file("c", "1");
  const broken = h2.slice();
  broken[0] ^= 1;
  await assert.rejects(names2([...file("a", "1"), broken], mapError), /wrapped/);
  assert.deepEqual(seen, ["big", "a"]);
});

async function names2(
  chunks: Uint8Array[],
  mapError: (e: unknown, last: string) => unknown,
): Promise<string[]> {
  const out: string[] = [];
  for await (const m of readTar(ReadableStream.from(chunks), { mapError })) out.push(m.entry.path);
  return out;
}

Deno.test("readTar reads members whose data and padding are split across chunks anywhere", async () => {
  const archive = [...file("a", "x".repeat(700)), ...file("b", "y"), new Uint8Array(1024)];
  const joined = new Uint8Array(archive.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of archive) {
    joined.set(c, at);
    at += c.length;
  }
  for (const cut of [1, 511, 512, 700, 1000, 1023, 1024, 1025, 1535, 1536, 2000]) {
    const chunks = [joined.subarray(0, cut), joined.subarray(cut)];
    assert.deepEqual(await names(chunks), ["a", "b"], `split at ${cut}`);
  }
});

Deno.test("DecodedMember.bytes returns the whole data, buffered or spread over chunks", async () => {
  const [h, d] = file("a", "x".repeat(700));
  const [h2, d2] = file("b", "y".repeat(5));
  // a's data arrives in three pieces, b's in the same chunk as its header
  const chunks = [
    h,
    d.subarray(0, 100),
    d.subarray(100, 600),
    d.subarray(600),
    concatBytes([h2, d2]),
  ];
  const got: string[] = [];
  for await (const m of readTar(ReadableStream.from(chunks))) {
    got.push(new TextDecoder().decode(await m.bytes()));
    await assert.rejects(m.bytes(), /twice/);
  }
  assert.deepEqual(got, ["x".repeat(700), "yyyyy"]);
});

Deno.test("readTar with onMember hands over each member without yielding and skips the data", async () => {
  const chunks = [...file("a", "x".repeat(700)), ...file("b", "y"), new Uint8Array(1024)];
  const seen: string[] = [];
  const errors: string[] = [];
  const onMember = (m: DecodedMember) => {
    seen.push(`${m.entry.path}:${m.storedSize}`);
    m.bytes().catch((e) => errors.push(e.message));
  };
  let yielded = 0;
  for await (const _ of readTar(ReadableStream.from(chunks), { onMember })) yielded++;
  await Promise.resolve();
  assert.equal(yielded, 0);
  assert.deepEqual(seen, ["a:700", "b:1"]);
  assert.deepEqual(errors, [
    "Cannot read a member's data from onMember",
    "Cannot read a member's data from onMember",
  ]);
});

// --- members whose size field means nothing, and parsers that stay linear ---------------

import fc from "fast-check";
import {
  concat,
  END,
  padded,
  paxHeader,
  paxRecord,
  rawFile,
  rawHeader,
} from "../../tests/fixtures/raw_tar.ts";
import { assertLinear } from "../../tests/fixtures/work_counter.ts";

async function members(archive: Uint8Array): Promise<DecodedMember["entry"][]> {
  const out: DecodedMember["entry"][] = [];
  for await (const m of readTar(ReadableStream.from([archive]))) out.push(m.entry);
  return out;
}

Deno.test("readTar ignores the size of a directory without data, and keeps the next member", async () => {
  // CPython's ustar/dirtype-with-size: size 255, no data, then a hardlink
  const archive = concat([
    rawHeader({ name: "ustar/dirtype-with-size", type: "5", size: 255 }),
    rawHeader({ name: "ustar/lnktype", type: "1", linkname: "ustar/regtype" }),
    END,
  ]);
  const got = await members(archive);
  assert.deepEqual(got.map((e) => [e.path, e.type]), [
    ["ustar/dirtype-with-size", "directory"],
    ["ustar/lnktype", "hardlink"],
  ]);
});

Deno.test("readTar never takes a header for data: every member written is read, whatever the sizes", async () => {
  // the reader's invariant: each member's header starts where the previous member's data
  // ends, and a type without data has none, so no member is ever lost or swallowed
  const kinds = ["1", "2", "3", "4", "5", "6", "0"] as const;
  const member = fc.record({ type: fc.constantFrom(...kinds), size: fc.nat(4096) });
  await fc.assert(
    fc.asyncProperty(fc.array(member, { minLength: 1, maxLength: 12 }), async (list) => {
      const parts: Uint8Array[] = [];
      list.forEach((m, i) => {
        const name = `m${i}`;
        if (m.type === "0") parts.push(rawFile(name, "x".repeat(m.size)));
        else parts.push(rawHeader({ name, type: m.type, size: m.size, linkname: "m0" }));
      });
      const got = await members(concat([...parts, END]));
      assert.deepEqual(got.map((e) => e.path), list.map((_, i) => `m${i}`));
    }),
    { numRuns: 200 },
  );
});

Deno.test("readTar strips trailing slashes in linear time (a path of 320,000 slashes)", async () => {
  const run = (n: number) =>
    members(
      concat([
        paxHeader([paxRecord("path", "/".repeat(n) + "x/")]),
        rawHeader({ name: "x", type: "5" }),
        END,
      ]),
    );
  await assertLinear(run, 320_000);
  const [e] = await run(1000);
  assert.equal(e.path, "/".repeat(1000) + "x");
});

Deno.test("readTar reads a sparse map with one endless line in linear time, and refuses it", async () => {
  const archive = (n: number) =>
    concat([
      paxHeader([
        paxRecord("GNU.sparse.major", "1"),
        paxRecord("GNU.sparse.minor", "0"),
        paxRecord("GNU.sparse.name", "s"),
        paxRecord("GNU.sparse.realsize", "10"),
      ]),
      rawHeader({ name: "GNUSparseFile/s", size: padded("1".repeat(n)).length }),
      padded("1".repeat(n)),
      END,
    ]);
  await assertLinear((n) => members(archive(n)), 1 << 20);
  await assert.rejects(members(archive(1 << 16)), /malformed sparse map line/);
});

Deno.test("readTar refuses a name over 1 MiB with a clear error, in global headers too", async () => {
  const huge = paxRecord("path", "a".repeat(8 << 20));
  for (const type of ["x", "g"] as const) {
    const archive = concat([paxHeader([huge], type), rawFile("f", "1"), END]);
    await assert.rejects(
      members(archive),
      (e: unknown) =>
        e instanceof TarFormatError &&
        /PAX path of 8388608 characters exceeds the 1048576-byte limit/.test(e.message),
    );
  }
  const longName = concat([
    rawHeader({ name: "././@LongLink", type: "L", size: 2 << 20, magic: "gnu" }),
    padded("a".repeat(2 << 20)),
    rawFile("f", "1"),
    END,
  ]);
  await assert.rejects(members(longName), /GNU long name of 2097152 bytes exceeds/);
  // other values, such as a large extended attribute, are bounded by the header size alone
  const xattr = concat([
    paxHeader([paxRecord("SCHILY.xattr.user.big", "+".repeat(8 << 20))]),
    rawFile("f", "1"),
    END,
  ]);
  assert.deepEqual((await members(xattr)).map((e) => e.path), ["f"]);
});

Deno.test("readTar reads PAX as GNU tar and bsdtar do: NUL ends a name, leading zeros count", async () => {
  const nulPath = concat([paxHeader([paxRecord("path", "cut\0rest")]), rawFile("x", "1"), END]);
  assert.equal((await members(nulPath))[0].path, "cut");
  const zeros = concat([
    paxHeader([paxRecord("size", "000000000000000000000000999")]),
    rawHeader({ name: "f", size: 0 }),
    padded("x".repeat(999)),
    END,
  ]);
  const [f] = await members(zeros);
  assert.equal(f.size, 999);
  const nulKey = concat([
    paxHeader([paxRecord(new Uint8Array([0x61, 0, 0x62]), "v")]),
    rawFile("x", "1"),
    END,
  ]);
  await assert.rejects(members(nulKey), /NUL byte in its key/);
  const noEquals = concat([
    paxHeader([new TextEncoder().encode("8 nokey\n")]),
    rawFile("x", "1"),
    END,
  ]);
  await assert.rejects(members(noEquals), /has no key/);
});

Deno.test("readTar keeps an empty member name empty, for its callers to refuse", async () => {
  const got = await members(
    concat([
      rawHeader({ name: "" }),
      rawHeader({ name: "/", type: "5" }),
      rawFile("next", "1"),
      END,
    ]),
  );
  assert.deepEqual(got.map((e) => e.path), ["", ".", "next"]);
});
