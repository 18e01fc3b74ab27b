/**
 * Reads an archive's members with errors turned into messages that name the archive,
 * the member and the byte offset.
 * @module
 */
import { TarzError } from "../errors.ts";
import { type DecodedMember, readTar, TarFormatError } from "../tar/decode.ts";
import type { OpenedArchive } from "./open_archive.ts";

/** Iterates the members of an opened archive; damaged input throws a {@linkcode TarzError}. */
export async function* readMembers(
  archive: OpenedArchive,
  name: string,
): AsyncGenerator<DecodedMember> {
  let last = "";
  try {
    for await (const m of readTar(archive.tar)) {
      last = m.entry.path;
      yield m;
    }
  } catch (e) {
    if (e instanceof TarFormatError) {
      const member = e.member ?? (last ? `after ${last}` : "at the first member");
      throw new TarzError(
        `Cannot read ${name}: ${e.message} (tar byte ${e.offset}, ${
          e.member ? `member ${member}` : member
        })`,
        1,
        archive.format === "tar" ? "the archive is damaged or not a tar file" : undefined,
      );
    }
    throw e;
  }
}
