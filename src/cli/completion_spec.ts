/**
 * What shell completion knows about tarz, read once from the commander definitions (the
 * same ones the help shows): commands, their options and choices, and what their
 * arguments are. The scripts are generated from it, so a TAB never has to start tarz,
 * except to learn a config's job names (see completion_jobs.ts).
 * @module
 */
import type { Command } from "@commander-js/extra-typings";

/** What a command's positional arguments are. */
export type ArgumentKind = "archive" | "path" | "job" | "shell" | "none";

/** One option as completion sees it. */
export interface OptionSpec {
  /** Every spelling: `-o`, `--output`. */
  flags: string[];
  /** What its value is: none (a switch), a fixed choice, a path, a directory, a job. */
  value: "none" | "choice" | "file" | "dir" | "job" | "other";
  choices?: string[];
}

/** One command. */
export interface CommandSpec {
  names: string[];
  description: string;
  options: OptionSpec[];
  args: ArgumentKind;
}

const ARGS: Record<string, ArgumentKind> = {
  create: "path",
  explain: "path",
  list: "archive",
  extract: "archive",
  verify: "archive",
  backup: "job",
  prune: "job",
  restore: "job",
  status: "job",
  completions: "shell",
};

const DIR_OPTIONS = new Set(["--directory", "--against", "--against-sources"]);
const JOB_OPTIONS = new Set(["--job"]);
const OTHER_OPTIONS = new Set([
  "--level",
  "--threads",
  "--at",
  "--host",
  "--mtime",
  "--max-bytes",
  "--max-entries",
  "--strip-components",
  "--encrypt-to",
  "--use-compress-program",
  "--exclude",
  "--include",
]);

/** The completion spec of `program`'s commands (hidden ones left out). */
export function completionSpec(program: Command): CommandSpec[] {
  return program.commands
    .filter((c) => !(c as unknown as { _hidden?: boolean })._hidden)
    .map((c) => ({
      names: [c.name(), ...c.aliases()],
      description: c.description(),
      args: ARGS[c.name()] ?? "none",
      options: c.options.map((o) => {
        const flags = [o.short, o.long].filter((f): f is string => !!f);
        const takes = o.required || o.optional;
        const choices = (o as unknown as { argChoices?: string[] }).argChoices;
        const long = o.long ?? "";
        const value: OptionSpec["value"] = !takes
          ? "none"
          : choices?.length
          ? "choice"
          : DIR_OPTIONS.has(long)
          ? "dir"
          : JOB_OPTIONS.has(long)
          ? "job"
          : OTHER_OPTIONS.has(long)
          ? "other"
          : "file";
        return { flags, value, ...(choices?.length ? { choices: [...choices] } : {}) };
      }),
    }));
}
