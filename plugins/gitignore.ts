/**
 * `gitignore()`: honours the `.gitignore` files inside the sources, as git does: each
 * file's patterns are relative to its directory, a deeper file wins over the ones above
 * it, the last matching line wins within a file, and nothing under an ignored directory
 * comes back. The job's own `exclude`/`include` rules are asked first.
 * @module
 */
import { RuleSet, rulesFromText } from "../src/rules/rule_set.ts";
import { resolvePath } from "../src/util/paths.ts";
import type { PluginEntry, TarzPlugin } from "../src/plugin/plugin.ts";

/** Options for {@linkcode gitignore}. */
export interface GitignoreOptions {
  /**
   * The file name to read in every directory.
   * @default {".gitignore"}
   */
  file?: string;
}

/**
 * Creates the plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gitignore } from "./gitignore.ts";
 * const plugin = gitignore();
 * assert.ok(plugin.name === "gitignore");
 * ```
 */
export function gitignore(options: GitignoreOptions = {}): TarzPlugin {
  const file = options.file ?? ".gitignore";
  let cwd = "";
  const rules = new RuleSet();
  const seen = new Set<string>(); // directories whose ignore file was looked for
  const load = (dir: string) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    let text: string;
    try {
      text = Deno.readTextFileSync(`/${dir}${dir ? "/" : ""}${file}`);
    } catch {
      return;
    }
    const shown = _relative(`/${dir}/${file}`, cwd);
    rules.add(dir, rulesFromText(text, shown));
  };
  return {
    name: "gitignore",
    setup(ctx) {
      cwd = resolvePath(Deno.cwd(), ctx.cwd);
    },
    filterEntry(entry: PluginEntry) {
      const abs = resolvePath(Deno.cwd(), entry.fsPath).slice(1); // RuleSet paths have no leading "/"
      const parts = abs.split("/");
      for (let i = 0; i < parts.length; i++) load(parts.slice(0, i).join("/"));
      const d = rules.decide(abs, entry.entry.type === "directory");
      if (!d.rule) return undefined;
      return { include: d.included, reason: `${d.rule.pattern} (${d.rule.origin})` };
    },
  };
}

function _relative(path: string, base: string): string {
  const clean = path.replace(/\/+/g, "/");
  return base && clean.startsWith(`${base}/`) ? clean.slice(base.length + 1) : clean;
}
