/**
 * Exclude rules for `tarz create`: shell globs (GNU tar's --exclude), exclude files and the
 * version-control directory list. Pure: a compiled rule set answers, for a path, which rule
 * (if any) excludes it, so `--dry-run -v` can say why.
 * @module
 */
import picomatch from "picomatch";

/** One exclude rule and where it came from. */
export interface ExcludeRule {
  /** The pattern as written. */
  pattern: string;
  /** Where the rule was written, e.g. "--exclude", "--exclude-vcs" or "ignore.txt:3". */
  origin: string;
}

/** Directory and file names skipped by `--exclude-vcs` (as in GNU tar). */
export const VCS_NAMES: readonly string[] = [
  ".git",
  ".gitignore",
  ".gitattributes",
  ".gitmodules",
  ".hg",
  ".hgignore",
  ".hgtags",
  ".svn",
  ".bzr",
  ".bzrignore",
  ".bzrtags",
  "CVS",
  ".cvsignore",
  "RCS",
  "SCCS",
  "_darcs",
  ".arch-ids",
  "{arch}",
];

/** Thrown when a pattern cannot be compiled. */
export class PatternError extends Error {
  override name = "PatternError";
}

/**
 * The first range in a bracket expression of `glob` whose ends are the wrong way round
 * (`z-a`), which picomatch would quietly let match nothing; undefined if there is none.
 */
export function reversedRange(glob: string): string | undefined {
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === "\\") {
      i++;
      continue;
    }
    if (glob[i] !== "[") continue;
    const end = glob.indexOf("]", i + 2);
    if (end < 0) return undefined;
    let body = glob.slice(i + 1, end);
    if (body[0] === "!" || body[0] === "^") body = body.slice(1);
    for (let j = 0; j + 2 < body.length; j++) {
      if (body[j + 1] === "-" && body[j] > body[j + 2]) return body.slice(j, j + 3);
    }
    i = end;
  }
  return undefined;
}

/** Answers which rule excludes an archive path; undefined means "included". */
export type ExcludeMatcher = (path: string) => ExcludeRule | undefined;

/**
 * Compiles rules. A pattern without `/` matches a name at any depth (`*.log`, `node_modules`);
 * a pattern with `/` matches the whole archive path, or any trailing part of it.
 * An excluded directory is excluded with everything below it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileExcludes } from "./exclude_rules.ts";
 * const m = compileExcludes([{ pattern: "*.log", origin: "--exclude" }]);
 * assert.ok(m("src/a.log")?.pattern === "*.log");
 * assert.ok(m("src/a.ts") === undefined);
 * ```
 */
export function compileExcludes(rules: ExcludeRule[]): ExcludeMatcher {
  const compiled = rules.map((rule) => {
    const p = rule.pattern.replace(/\/+$/, "").replace(/^\.\//, "");
    if (p === "") throw new PatternError(`empty pattern from ${rule.origin}`);
    const reversed = reversedRange(p);
    if (reversed) {
      throw new PatternError(
        `bad pattern ${
          JSON.stringify(rule.pattern)
        } from ${rule.origin}: the range ${reversed} is backwards, so it matches nothing`,
      );
    }
    try {
      const anchored = p.startsWith("/");
      const glob = anchored ? p.slice(1) : p;
      const hasSlash = glob.includes("/");
      const isMatch = picomatch(glob, {
        dot: true,
        basename: !hasSlash && !anchored,
        strictBrackets: true,
      });
      return { rule, isMatch, hasSlash, anchored };
    } catch (e) {
      throw new PatternError(
        `bad pattern ${JSON.stringify(rule.pattern)} from ${rule.origin}: ${(e as Error).message}`,
      );
    }
  });
  return (path: string) => {
    for (const c of compiled) {
      if (c.isMatch(path)) return c.rule;
      if (c.hasSlash && !c.anchored) {
        // a slashed pattern may also match a trailing part of the path
        let i = path.indexOf("/");
        while (i >= 0) {
          if (c.isMatch(path.slice(i + 1))) return c.rule;
          i = path.indexOf("/", i + 1);
        }
      }
    }
    return undefined;
  };
}

/** Reads patterns from the text of an exclude file: one per line, `#` comments, blanks skipped. */
export function parseExcludeFile(text: string, origin: string): ExcludeRule[] {
  const out: ExcludeRule[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t && !t.startsWith("#")) out.push({ pattern: t, origin: `${origin}:${i + 1}` });
  });
  return out;
}
