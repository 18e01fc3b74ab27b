/**
 * Reads an archive's members with errors turned into messages that name the archive,
 * the member and the byte offset, whether they surface between members or while a
 * member's data is being read.
 * @module
 */
import { TarzError } from "../errors.ts";
import { type DecodedMember, readTar, type ReadTarOptions, TarFormatError } from "../tar/reader.ts";
import { EventLoopTurns } from "../util/event_loop_turns.ts";
import type { OpenedArchive } from "./open_archive.ts";

/** Iterates the members of an opened archive; damaged input throws a {@linkcode TarzError}. */
export function readMembers(
  archive: OpenedArchive,
  name: string,
  options: Pick<ReadTarOptions, "drain"> = {},
): AsyncGenerator<DecodedMember> {
  return readTar(_withTurns(archive.tar), { ...options, mapError: _describe(archive, name) });
}

/**
 * Reads every header of an opened archive, calling `onMember` for each (without its data,
 * which is skipped): the fast path of a listing. Damaged input throws a {@linkcode TarzError}.
 */
export async function visitMembers(
  archive: OpenedArchive,
  name: string,
  onMember: (member: DecodedMember) => void,
): Promise<void> {
  const options = { mapError: _describe(archive, name), onMember };
  for await (const _ of readTar(_withTurns(archive.tar), options)) {
    // nothing is yielded: members go to onMember
  }
}

/**
 * Passes the archive's chunks on, giving the event loop a turn between them now and then:
 * reading, parsing and writing small members is all synchronous calls, and without turns
 * the progress display and Ctrl-C would wait for the end of the archive.
 */
async function* _withTurns(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const turns = new EventLoopTurns();
  for await (const chunk of chunks) {
    if (turns.due()) await turns.take();
    yield chunk;
  }
}

function _describe(archive: OpenedArchive, name: string) {
  return (e: unknown, last: string) =>
    e instanceof TarFormatError ? _damaged(e, archive, name, last) : e;
}

function _damaged(e: TarFormatError, archive: OpenedArchive, name: string, last: string) {
  const member = e.member ?? (last ? `after ${last}` : "at the first member");
  return new TarzError(
    `Cannot read ${name}: ${e.message} (tar byte ${e.offset}, ${
      e.member ? `member ${member}` : member
    })`,
    1,
    archive.format === "tar" ? "the archive is damaged or not a tar file" : undefined,
  );
}
