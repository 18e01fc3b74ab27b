/**
 * Include/exclude rules in .gitignore syntax, with the answer to "why?". Pure.
 *
 * A rule set is a stack of layers, each anchored at a directory (relative to a source
 * root) and holding rules from one origin: the job's `exclude`/`include` lists, an
 * exclude file, or a `.gitignore` found in the sources. To decide a path:
 *
 * 1. Layers are asked from the most specific (deepest anchor, last added) to the least.
 *    The first layer with a rule that matches decides; within a layer the last matching
 *    rule wins, as in git.
 * 2. A directory that is excluded is not entered, so nothing below it can be included
 *    again, as in git; {@linkcode RuleSet.explain} reports the directory's rule.
 *
 * @module
 */
import ignore, { type Ignore } from "ignore";

/** Where one rule was written. */
export interface RuleOrigin {
  /** The pattern as written, e.g. `!keep.log` or `build/`. */
  pattern: string;
  /** The file and line, or the config key, e.g. `src/.gitignore:3` or `jobs.home.exclude`. */
  origin: string;
}

/** The decision for one path. */
export interface Decision {
  /** Whether the path goes into the archive. */
  included: boolean;
  /** The rule that decided; none when no rule matched (included by default). */
  rule?: RuleOrigin;
  /** Set when an ancestor directory's exclusion decided. */
  via?: string;
}

interface _Layer {
  anchor: string; // "" or "dir/sub" (no trailing slash)
  matcher: Ignore;
  origins: Map<string, string>; // mark -> origin
  // the `!` rules, last first, each as a matcher of its positive form: `ignore` does not
  // say which rule re-included a path, so the layer finds it itself
  negations: { rule: RuleOrigin; matcher: Ignore }[];
}

/**
 * A stack of gitignore-style rule layers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RuleSet } from "./rule_set.ts";
 * const rules = new RuleSet().add("", [{ pattern: "*.log", origin: "jobs.a.exclude[0]" }]);
 * assert.ok(rules.decide("deep/x.log", false).included === false);
 * ```
 */
export class RuleSet {
  #layers: _Layer[] = [];

  /**
   * Adds rules anchored at `anchor` (a directory relative to the source root; "" for the
   * root). `rules` are gitignore lines; blank lines and `#` comments are skipped.
   */
  add(anchor: string, rules: RuleOrigin[]): this {
    const matcher = ignore({ allowRelativePaths: true });
    const origins = new Map<string, string>();
    const negations: _Layer["negations"] = [];
    rules.forEach((r, i) => {
      const line = r.pattern.replace(/\r$/, "");
      if (line.trim() === "" || line.startsWith("#")) return;
      const mark = String(i);
      origins.set(mark, r.origin);
      matcher.add({ pattern: line, mark });
      if (line.startsWith("!")) {
        const positive = ignore({ allowRelativePaths: true }).add(line.slice(1));
        negations.unshift({ rule: { pattern: line, origin: r.origin }, matcher: positive });
      }
    });
    if (origins.size > 0) {
      this.#layers.push({ anchor: _trim(anchor), matcher, origins, negations });
    }
    return this;
  }

  /** How many layers hold rules. */
  get size(): number {
    return this.#layers.length;
  }

  /**
   * Decides one path (relative to the source root, "/"-separated), looking at the path
   * alone. Ancestors are the walker's business: it never enters an excluded directory.
   */
  decide(path: string, isDirectory: boolean): Decision {
    for (let i = this.#layers.length - 1; i >= 0; i--) {
      const layer = this.#layers[i];
      const rel = _under(path, layer.anchor);
      if (rel === null) continue;
      const subject = isDirectory ? `${rel}/` : rel;
      const r = layer.matcher.test(subject);
      if (r.ignored && r.rule) {
        const origin = layer.origins.get(r.rule.mark ?? "") ?? "?";
        return { included: false, rule: { pattern: r.rule.pattern, origin } };
      }
      if (r.unignored) {
        const rule = layer.negations.find((n) => n.matcher.ignores(subject))?.rule;
        return rule ? { included: true, rule } : { included: true };
      }
    }
    return { included: true };
  }

  /** Decides a path together with its ancestors, as a walk would: for `tarz explain`. */
  explain(path: string, isDirectory: boolean): Decision {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      const d = this.decide(dir, true);
      if (!d.included) return { ...d, via: dir };
    }
    return this.decide(path, isDirectory);
  }
}

function _trim(anchor: string): string {
  return anchor.replace(/^\.\/?/, "").replace(/\/+$/, "");
}

function _under(path: string, anchor: string): string | null {
  if (anchor === "") return path;
  if (path === anchor) return null; // a layer never decides its own anchor directory
  return path.startsWith(`${anchor}/`) ? path.slice(anchor.length + 1) : null;
}

/** Splits exclude-file text into rules with `file:line` origins. */
export function rulesFromText(text: string, file: string): RuleOrigin[] {
  return text.split("\n").map((pattern, i) => ({ pattern, origin: `${file}:${i + 1}` }));
}
