/**
 * Options that several commands share, defined once so their names, choices and defaults
 * cannot drift apart.
 * @module
 */
import { readIdentities } from "../crypto/age_stream.ts";
import { Option } from "@commander-js/extra-typings";

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
