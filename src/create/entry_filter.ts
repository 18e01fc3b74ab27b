/**
 * The decision chain for every path below a source, shared by the walk (`create`) and by
 * `tarz explain`. In order, the first that has an opinion decides:
 *
 * 1. the job's rules (`exclude`, `include`, `excludeFrom`; gitignore syntax, anchored at
 *    the source root; see rule_set.ts);
 * 2. `excludeCaches`: the contents of a directory holding a valid `CACHEDIR.TAG` (the tag
 *    itself stays, as with GNU tar's --exclude-caches);
 * 3. the plugins' `filterEntry` hooks (for example the gitignore plugin);
 * 4. otherwise the path is included.
 *
 * The command line's `--exclude` (tar-style globs) runs before all of these in the walker.
 * @module
 */
import type { HookRunner } from "../plugin/hook_runner.ts";
import type { RuleSet } from "../rules/rule_set.ts";
import { makeEntry } from "../tar/entry.ts";
import type { WalkContext, WalkVerdict } from "../walk/walker.ts";

/** What the chain is built from. */
export interface EntryFilterOptions {
  rules?: RuleSet;
  excludeCaches?: boolean;
  plugins?: HookRunner;
}

const CACHEDIR_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55";

/** Builds the decision function, or undefined when nothing would ever decide. */
export function makeEntryFilter(
  options: EntryFilterOptions,
): ((ctx: WalkContext) => WalkVerdict | undefined) | undefined {
  const { rules, excludeCaches, plugins } = options;
  const filterPlugins = plugins?.has("filterEntry") ? plugins : undefined;
  if (!rules?.size && !excludeCaches && !filterPlugins) return undefined;
  const tagged = new Map<string, boolean>();
  const isCacheDir = (dir: string): boolean => {
    let known = tagged.get(dir);
    if (known === undefined) {
      try {
        known = Deno.readTextFileSync(`${dir}/CACHEDIR.TAG`).startsWith(CACHEDIR_SIGNATURE);
      } catch {
        known = false;
      }
      tagged.set(dir, known);
    }
    return known;
  };
  return (ctx) => {
    const isDirectory = ctx.type === "directory";
    if (rules?.size) {
      const d = rules.decide(ctx.relPath, isDirectory);
      if (d.rule) return { included: d.included, rule: d.rule };
    }
    if (excludeCaches) {
      const slash = ctx.fsPath.lastIndexOf("/");
      const parent = slash > 0 ? ctx.fsPath.slice(0, slash) : ".";
      const name = ctx.fsPath.slice(slash + 1);
      if (name !== "CACHEDIR.TAG" && isCacheDir(parent)) {
        return {
          included: false,
          rule: { pattern: "CACHEDIR.TAG", origin: "excludeCaches" },
        };
      }
    }
    if (filterPlugins) {
      const entry = makeEntry({
        path: ctx.archivePath,
        type: ctx.type === "socket" ? "file" : ctx.type,
        size: ctx.type === "file" ? ctx.info.size : 0,
        mode: (ctx.info.mode ?? 0o644) & 0o7777,
        mtime: Math.floor((ctx.info.mtime?.getTime() ?? 0) / 1000),
        uid: ctx.info.uid ?? 0,
        gid: ctx.info.gid ?? 0,
      });
      const r = filterPlugins.filterEntry({ path: ctx.archivePath, fsPath: ctx.fsPath, entry });
      if (r) return { included: r.include, rule: { pattern: r.reason, origin: "plugins" } };
    }
    return undefined;
  };
}
