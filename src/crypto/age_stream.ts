/**
 * age encryption as streams (the `age-encryption` package): archives are encrypted after
 * compression and decrypted before it, 64 KiB at a time, so no archive is ever held whole
 * in memory. Recipients are `age1...` public keys; identities are files of
 * `AGE-SECRET-KEY-1...` lines, as `age-keygen` writes them.
 *
 * The package is loaded on first use, so commands that meet no encrypted archive do not pay
 * for loading it (the specifier is a literal, so `deno compile` and `deno bundle` include it).
 * @module
 */
import { TarzError, UsageError } from "../errors.ts";
import { isBech32 } from "./bech32.ts";

/** The first bytes of every binary age file. */
export const AGE_MAGIC = "age-encryption.org/v1\n";

/** Whether `head` starts like an age file. */
export function isAge(head: Uint8Array): boolean {
  const magic = new TextEncoder().encode(AGE_MAGIC);
  return head.length >= magic.length && magic.every((b, i) => head[i] === b);
}

/** Checks recipients early, so a typo fails before any work is done. */
export function checkRecipients(recipients: string[]): void {
  for (const r of recipients) {
    if (!/^age1[02-9ac-hj-np-z]{50,}$/.test(r)) {
      throw new UsageError(
        `Not an age recipient: "${r}"`,
        "recipients are public keys like age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
      );
    }
  }
}

/** Encrypts a byte stream to `recipients`. */
export async function* encryptStream(
  source: AsyncIterable<Uint8Array>,
  recipients: string[],
): AsyncGenerator<Uint8Array> {
  checkRecipients(recipients);
  const { Encrypter } = await import("age-encryption");
  const e = new Encrypter();
  for (const r of recipients) e.addRecipient(r);
  const out = await e.encrypt(ReadableStream.from(source));
  yield* out;
}

/** Reads the identities (secret keys) in an identity file; comments and blanks skipped. */
export function readIdentities(path: string): string[] {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch {
    throw new UsageError(`Cannot read identity file ${path}`, "check the identity file's path", {
      remedy: "identity-file",
    });
  }
  const keys: string[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    // a secret key is never shown, not even a mistyped one: only where it is
    if (!line.startsWith("AGE-SECRET-KEY-1") || !isBech32(line, "age-secret-key-")) {
      throw new UsageError(
        `${path}, line ${i + 1}: not an age identity (${
          line.startsWith("AGE-SECRET-KEY-1")
            ? "its checksum does not match: a typo?"
            : "it should be an AGE-SECRET-KEY-1... line"
        })`,
        "use the identity file as age-keygen or tarz keygen wrote it",
      );
    }
    keys.push(line);
  }
  if (!keys.length) {
    throw new UsageError(
      `${path} is not an age identity file: it holds no key`,
      "it should hold AGE-SECRET-KEY-1... lines, as age-keygen or tarz keygen writes them",
    );
  }
  return keys;
}

/** Decrypts an age stream with `identities`; a key that does not fit is a clear error. */
export async function* decryptStream(
  source: AsyncIterable<Uint8Array>,
  identities: string[],
  name: string,
): AsyncGenerator<Uint8Array> {
  const { Decrypter } = await import("age-encryption");
  const d = new Decrypter();
  for (const [i, id] of identities.entries()) {
    try {
      d.addIdentity(id);
    } catch {
      // the library's message holds the key itself
      throw new UsageError(
        `Identity ${i + 1} given is not an age identity`,
        "check the identity file",
        { remedy: "identity-file" },
      );
    }
  }
  let out: ReadableStream<Uint8Array>;
  try {
    out = await d.decrypt(ReadableStream.from(source));
  } catch (e) {
    const msg = (e as Error).message;
    throw new TarzError(
      /no identity matched|no identities matched/i.test(msg)
        ? `Cannot decrypt ${name}: none of the given identities is one of its recipients`
        : `Cannot decrypt ${name}: ${msg}`,
      1,
      "give the identity whose public key the archive was encrypted to",
      { cause: e, remedy: "other-identity" },
    );
  }
  try {
    yield* out;
  } catch (e) {
    throw new TarzError(
      `Cannot decrypt ${name}: the encrypted data is damaged (${(e as Error).message})`,
    );
  }
}
