/**
 * The CLI's words for what the user can do about an error: the library names the remedy
 * (see {@linkcode Remedy}), and this says it with the flag that applies.
 * @module
 */
import type { Remedy, TarzError } from "../errors.ts";
import { FORMATS } from "../compress/format.ts";

const _HINTS: Record<Remedy, string | ((e: TarzError) => string)> = {
  overwrite: "pass --force to overwrite it",
  identity: "pass --identity FILE to read it",
  "identity-file": "check the --identity path and that it holds AGE-SECRET-KEY-1… lines",
  "other-identity": "pass the --identity file whose public key the archive was encrypted to",
  "base-directory": "check the -C argument",
  "source-path": "check the path, or pass -C to change the base directory",
  "exclude-file": "check the --exclude-from path",
  format: "end it in .tar, .tar.gz, .tar.zst, .tar.br, .tar.xz or .tar.bz2, or pass --format",
  "format-stdout": `pass --format (${FORMATS.join(", ")})`,
  level: "drop --level, or name a compressed format",
  "config-path": "check the --config path",
  "config-init": "run `tarz init` to write one, or pass --config",
  "job-name": (e) => `pass --job NAME; ${e.hint}`,
  "config-code": "fix the code at that line; run with --debug for the stack",
  "restore-earlier":
    "put back what is missing, or restore an earlier --at, or run tarz backup to start a new full archive",
  "restore-later": "run tarz backup first, or pick a later --at",
  "max-entries": "if you trust the archive, raise the limit with --max-entries N",
  "max-bytes": "if you trust the archive, raise the limit with --max-bytes SIZE",
};

/** The hint to print for `e`: the CLI's words for its remedy, else the library's hint. */
export function cliHint(e: TarzError): string | undefined {
  const h = e.remedy ? _HINTS[e.remedy] : undefined;
  if (h === undefined) return e.hint;
  return typeof h === "string" ? h : h(e) || e.hint;
}
