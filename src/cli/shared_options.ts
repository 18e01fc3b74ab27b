/**
 * Options that several commands share, defined once so their names, choices and defaults
 * cannot drift apart.
 * @module
 */
import { readIdentities } from "../crypto/age_stream.ts";
import { Option } from "@commander-js/extra-typings";
import { UsageError } from "../errors.ts";

/** Collects a repeatable option's values into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `-i, --identity FILE`, repeatable: age secret keys for encrypted archives. */
export function identityOption() {
  return new Option(
    "-i, --identity <file>",
    "age identity file for encrypted archives (repeatable)",
  )
    .argParser(collect);
}

/** The age identities in every `--identity FILE` given. */
export function identitiesFrom(files: string[] | undefined): string[] | undefined {
  return files?.length ? files.flatMap(readIdentities) : undefined;
}

/** `--progress auto|tty|plain|json|none`, default auto. */
export function progressOption() {
  return new Option("--progress <mode>", "progress display")
    .choices(["auto", "tty", "plain", "json", "none"] as const)
    .default("auto" as const);
}

/** `--on-interrupt cancel|continue`, default cancel. */
export function onInterruptOption() {
  return new Option("--on-interrupt <action>", "on Ctrl-C without a terminal")
    .choices(["cancel", "continue"] as const)
    .default("cancel" as const);
}

/**
 * The archive and member arguments of `extract` and `list`: with GNU tar's `-f FILE`, every
 * positional argument is a member; without it the first one is the archive.
 */
export function archiveAndMembers(
  first: string | undefined,
  rest: string[],
  file: string | undefined,
): { archive: string; members: string[] } {
  if (file !== undefined) {
    return { archive: file, members: first === undefined ? rest : [first, ...rest] };
  }
  if (first === undefined) {
    throw new UsageError(
      "Missing the archive to read",
      'name it first, or pass -f FILE ("-": stdin)',
    );
  }
  return { archive: first, members: rest };
}
