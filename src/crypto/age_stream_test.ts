import assert from "node:assert/strict";
import { generateIdentity, identityToRecipient } from "age-encryption";
import { TarzError, UsageError } from "../errors.ts";
import { concatBytes } from "../util/bytes.ts";
import {
  checkRecipients,
  decryptStream,
  encryptStream,
  isAge,
  readIdentities,
} from "./age_stream.ts";

async function collect(s: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of s) parts.push(c);
  return concatBytes(parts);
}

Deno.test("encryptStream and decryptStream round-trip a stream in pieces", async () => {
  const id = await generateIdentity();
  const data = new Uint8Array(300_000).map((_, i) => i % 251);
  const pieces = [data.subarray(0, 1), data.subarray(1, 70_000), data.subarray(70_000)];
  const sealed = await collect(
    encryptStream(ReadableStream.from(pieces), [await identityToRecipient(id)]),
  );
  assert.ok(isAge(sealed));
  assert.deepEqual(await collect(decryptStream(ReadableStream.from([sealed]), [id], "x")), data);
});

Deno.test("decryptStream names a key that does not fit", async () => {
  const [a, b] = [await generateIdentity(), await generateIdentity()];
  const sealed = await collect(
    encryptStream(ReadableStream.from([new Uint8Array(10)]), [await identityToRecipient(a)]),
  );
  await assert.rejects(
    collect(decryptStream(ReadableStream.from([sealed]), [b], "a.tar.age")),
    (e) =>
      e instanceof TarzError &&
      /none of the given identities is one of its recipients/.test(e.message),
  );
});

Deno.test("checkRecipients and readIdentities refuse what is not a key", () => {
  assert.throws(() => checkRecipients(["age1nope"]), UsageError);
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/k`, "# created: now\nAGE-SECRET-KEY-1ABC\n\n");
  assert.deepEqual(readIdentities(`${dir}/k`), ["AGE-SECRET-KEY-1ABC"]);
  Deno.writeTextFileSync(`${dir}/bad`, "age1something\n");
  assert.throws(() => readIdentities(`${dir}/bad`), /not an age identity file/);
  assert.throws(() => readIdentities(`${dir}/missing`), /Cannot read identity file/);
});
