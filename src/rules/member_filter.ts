/**
 * Which members an extract takes: the member arguments (see {@link ./member_match.ts}),
 * then `--include` and `--exclude` globs, each applying to a member and to everything
 * inside a matching directory. Pure.
 * @module
 */
import { UsageError } from "../errors.ts";
import { compileExcludes, PatternError } from "./exclude_rules.ts";
import { memberMatcher } from "./member_match.ts";

/** A compiled selection of members. */
export interface MemberFilter {
  /** Whether the member at `path` is taken; undefined when every member is. */
  test: ((path: string) => boolean) | undefined;
  /** The member arguments that matched no member seen by `test`. */
  notFound(): string[];
}

/** Compiles the selection; a bad glob is a {@linkcode UsageError}. */
export function memberFilter(
  { members, include, exclude }: { members?: string[]; include?: string[]; exclude?: string[] },
): MemberFilter {
  const named = members?.length ? memberMatcher(members) : undefined;
  const inc = _matcher(include, "--include");
  const exc = _matcher(exclude, "--exclude");
  const test = named || inc || exc
    ? (p: string) =>
      (!named || named.matches(p)) && (!inc || _selfOrAncestor(inc, p)) &&
      !(exc && _selfOrAncestor(exc, p))
    : undefined;
  return { test, notFound: () => named?.unmatched() ?? [] };
}

function _matcher(globs: string[] | undefined, origin: string) {
  if (!globs?.length) return undefined;
  try {
    return compileExcludes(globs.map((pattern) => ({ pattern, origin })));
  } catch (e) {
    if (e instanceof PatternError) throw new UsageError(e.message);
    throw e;
  }
}

function _selfOrAncestor(m: (p: string) => unknown, path: string): boolean {
  if (m(path)) return true;
  let i = path.lastIndexOf("/");
  while (i > 0) {
    if (m(path.slice(0, i))) return true;
    i = path.lastIndexOf("/", i - 1);
  }
  return false;
}
