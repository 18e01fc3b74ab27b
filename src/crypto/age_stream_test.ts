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

Deno.test("checkRecipients and readIdentities refuse what is not a key", async () => {
  assert.throws(() => checkRecipients(["age1nope"]), UsageError);
  const { generateIdentity } = await import("age-encryption");
  const key = await generateIdentity();
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/k`, `# created: now\n${key}\n\n`);
  assert.deepEqual(readIdentities(`${dir}/k`), [key]);
  Deno.writeTextFileSync(`${dir}/bad`, "age1something\n");
  assert.throws(() => readIdentities(`${dir}/bad`), /bad, line 1: not an age identity/);
  Deno.writeTextFileSync(`${dir}/empty`, "# nothing\n");
  assert.throws(() => readIdentities(`${dir}/empty`), /not an age identity file: it holds no key/);
  assert.throws(() => readIdentities(`${dir}/missing`), /Cannot read identity file/);
});

Deno.test("a mistyped identity is refused by its line, and no part of the key is shown", () => {
  const key = "AGE-SECRET-KEY-1XQ8JQXQ0XDN8RRQZ2C8STSZPWUTG5E5XTYZHVVT227YXMXG2V55S7GRTUQ";
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/k`, `# mine\n${key}\n`);
  let message = "";
  try {
    readIdentities(`${dir}/k`);
  } catch (e) {
    message = `${(e as Error).message} ${(e as UsageError).hint}`;
  }
  assert.match(message, /k, line 2: not an age identity \(its checksum does not match: a typo\?\)/);
  for (let i = 16; i + 8 <= key.length; i += 4) {
    assert.ok(!message.includes(key.slice(i, i + 8)), "no 8 characters of the key");
  }
});
