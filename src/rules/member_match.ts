/**
 * Member arguments, as GNU tar takes them on extract (`tar -xf a.tar docs '*.txt'`): a name
 * selects that member and, for a directory, everything inside it; `*`, `?` and `[...]` are
 * wildcards, and `*` matches "/" too (GNU tar's `--wildcards`, its default for member
 * arguments here). `\ooo` is a byte, as `tarz list` shows names that are not UTF-8, and
 * any other `\` quotes the next character. Pure.
 * @module
 */
import { unquoteName } from "../tar/name_bytes.ts";

/** Which members a set of arguments selects, and which arguments matched nothing. */
export interface MemberMatcher {
  /** Whether `path` is selected: it, or a directory it is in, matches an argument. */
  matches(path: string): boolean;
  /** The arguments no path passed to {@linkcode matches} has matched, in order. */
  unmatched(): string[];
  /** The arguments without wildcards, normalised (no "./" before, no "/" after). */
  readonly literals: string[];
}

/**
 * Compiles member arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { memberMatcher } from "./member_match.ts";
 * const m = memberMatcher(["docs/", "*.txt", "missing"]);
 * assert.ok(m.matches("docs/a/b.md") && m.matches("x/y.txt") && !m.matches("src/a.ts"));
 * assert.deepEqual(m.unmatched(), ["missing"]);
 * ```
 */
export function memberMatcher(args: string[]): MemberMatcher {
  const tests = args.map((arg) => {
    const name = normaliseMember(unquoteName(arg));
    const wild = _hasWildcard(name);
    const literal = _unquote(name);
    return { arg, literal, wild, test: wild ? _wildcard(name) : undefined, hit: false };
  });
  const matchOne = (path: string) => {
    let any = false;
    for (const t of tests) {
      if (t.test ? t.test(path) : t.literal === path) {
        t.hit = true;
        any = true;
      }
    }
    return any;
  };
  return {
    matches(path) {
      const p = normaliseMember(path);
      if (matchOne(p)) return true;
      for (let i = p.lastIndexOf("/"); i > 0; i = p.lastIndexOf("/", i - 1)) {
        if (matchOne(p.slice(0, i))) return true;
      }
      return false;
    },
    unmatched: () => tests.filter((t) => !t.hit).map((t) => t.arg),
    literals: tests.filter((t) => !t.wild).map((t) => t.literal),
  };
}

/** A member name as compared: without leading "./" and trailing "/". Pure. */
export function normaliseMember(path: string): string {
  let p = path;
  while (p.startsWith("./")) p = p.slice(2);
  while (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p;
}

function _hasWildcard(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === "*" || s[i] === "?" || s[i] === "[") return true;
  }
  return false;
}

function _unquote(s: string): string {
  return s.replace(/\\(.)/g, "$1");
}

/** One step of a wildcard pattern: any run of characters, or one character that passes. */
type Token = { star: true } | { star: false; test: (c: string) => boolean };

/**
 * A matcher for one wildcard pattern. It walks the name once per star at most (the
 * classic greedy match that only ever goes back to the last star), so a pattern of many
 * stars costs O(name × pattern), never the exponential time a regex can take.
 */
function _wildcard(pattern: string): (name: string) => boolean {
  const tokens = _tokens(pattern);
  return (name) => {
    let t = 0, n = 0, starT = -1, starN = 0;
    while (n < name.length) {
      const tok = tokens[t];
      if (tok && !tok.star && tok.test(name[n])) {
        t++;
        n++;
      } else if (tok?.star) {
        starT = t++;
        starN = n;
      } else if (starT >= 0) {
        t = starT + 1;
        n = ++starN;
      } else return false;
    }
    while (tokens[t]?.star) t++;
    return t === tokens.length;
  };
}

function _tokens(pattern: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) {
      const lit = pattern[++i];
      out.push({ star: false, test: (x) => x === lit });
    } else if (c === "*") {
      if (!out.at(-1)?.star) out.push({ star: true });
    } else if (c === "?") out.push({ star: false, test: () => true });
    else if (c === "[" && pattern.indexOf("]", i + 2) > 0) {
      const end = pattern.indexOf("]", i + 2);
      out.push({ star: false, test: _class(pattern.slice(i + 1, end)) });
      i = end;
    } else out.push({ star: false, test: (x) => x === c });
  }
  return out;
}

/** A bracket expression's body (`a-z0`, `!x`) as a test of one character. */
function _class(body: string): (c: string) => boolean {
  const negate = body[0] === "!" || body[0] === "^";
  const set = negate ? body.slice(1) : body;
  return (c) => {
    let hit = false;
    for (let i = 0; i < set.length; i++) {
      if (set[i + 1] === "-" && i + 2 < set.length) {
        if (c >= set[i] && c <= set[i + 2]) hit = true;
        i += 2;
      } else if (set[i] === c) hit = true;
    }
    return hit !== negate;
  };
}
