/**
 * The checks a create makes before it opens anything: the options, the base directory, the
 * exclude rules, and the format from the output name.
 * @module
 */
import { describeReadError } from "../util/fs_errors.ts";
import { checkLevel, type Format, formatFromName, FORMATS } from "../compress/format.ts";
import { UsageError } from "../errors.ts";
import { checkRecipients } from "../crypto/age_stream.ts";
import {
  compileExcludes,
  type ExcludeRule,
  parseExcludeFile,
  PatternError,
  VCS_NAMES,
} from "../rules/exclude_rules.ts";
import type { CreateOptions } from "./create_options.ts";

/** Refuses options that cannot work, before anything is opened. */
export function checkCreateOptions(options: CreateOptions, format: Format): void {
  if (options.level !== undefined && !options.compressProgram) {
    const problem = checkLevel(format, options.level);
    if (problem) {
      throw new UsageError(problem, undefined, format === "tar" ? { remedy: "level" } : undefined);
    }
  }
  if (options.recipients?.length) {
    checkRecipients(options.recipients);
    if (options.output !== "-" && !options.output.endsWith(".age")) {
      throw new UsageError(
        `Cannot encrypt to ${options.output}: an encrypted archive's name must end in .age`,
        `name it ${options.output}.age`,
      );
    }
  }
  if (options.sources.length === 0) {
    throw new UsageError(
      "Cannot create an archive: no sources given",
      "name files or directories to archive",
    );
  }
  _checkBaseDirectory(options.cwd ?? ".");
}

/** Refuses a base directory that is missing, not a directory, or can't be read. */
function _checkBaseDirectory(cwd: string): void {
  let why: string | null = null;
  let cause: unknown;
  try {
    if (!Deno.statSync(cwd).isDirectory) why = "not a directory";
    else Deno.readDirSync(cwd)[Symbol.iterator]().next(); // EACCES shows here, not in stat
  } catch (e) {
    cause = e;
    why = e instanceof Deno.errors.NotFound ? "no such directory" : describeReadError(e);
  }
  if (why === null) return;
  throw new UsageError(`Cannot change to ${cwd}: ${why}`, "check the base directory", {
    cause,
    remedy: "base-directory",
  });
}

/** The exclude rules of --exclude, --exclude-from and --exclude-vcs, compiled. */
export function compileCreateExcludes(options: CreateOptions): ReturnType<typeof compileExcludes> {
  const rules: ExcludeRule[] = (options.exclude ?? []).map((pattern) => ({
    pattern,
    origin: "--exclude",
  }));
  for (const file of options.excludeFrom ?? []) {
    let text: string;
    try {
      text = Deno.readTextFileSync(file);
    } catch {
      throw new UsageError(`Cannot read exclude file ${file}`, "check the exclude file's path", {
        remedy: "exclude-file",
      });
    }
    rules.push(...parseExcludeFile(text, file));
  }
  if (options.excludeVcs) {
    rules.push(...VCS_NAMES.map((pattern) => ({ pattern, origin: "--exclude-vcs" })));
  }
  try {
    return compileExcludes(rules);
  } catch (e) {
    if (e instanceof PatternError) {
      throw new UsageError(e.message, "quote globs so the shell does not expand them");
    }
    throw e;
  }
}

/** Decides the format from an explicit choice or the output name. */
export function resolveFormat(output: string, format?: Format, program?: string): Format {
  if (format) return format;
  if (output === "-") {
    if (program) return "tar";
    throw new UsageError(
      "Cannot tell the format when writing to standard output",
      `choose one: ${FORMATS.join(", ")}`,
      { remedy: "format-stdout" },
    );
  }
  const f = formatFromName(output);
  if (f) return f;
  if (program) return "tar";
  throw new UsageError(
    `Cannot tell the format of ${output} from its name`,
    "end it in .tar, .tar.gz, .tar.zst, .tar.br, .tar.xz or .tar.bz2, or choose the format",
    { remedy: "format" },
  );
}
