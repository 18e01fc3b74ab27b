/**
 * The one place that calls plugin hooks. It flattens and orders the plugins once
 * (pre, normal, post; stable within each), checks every hook is a function, runs each
 * hook in its declared mode, and wraps every throw in a {@linkcode PluginError} that names
 * the plugin, the hook and the entry.
 * @module
 */
import { ExitCode, TarzError } from "../errors.ts";
import type {
  ArchiveResult,
  EntryTransform,
  FailurePolicy,
  FilterResult,
  JobInfo,
  PluginContext,
  PluginEntry,
  PluginOption,
  TarzPlugin,
} from "./plugin.ts";

/**
 * The hook names, in the order they are called in a run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HOOKS } from "./hook_runner.ts";
 * assert.ok(HOOKS[0] === "setup" && HOOKS.at(-1) === "finally");
 * ```
 */
export const HOOKS = [
  "setup",
  "beforeRun",
  "filterEntry",
  "transformEntry",
  "afterArchive",
  "onError",
  "finally",
] as const;

/** The name of a hook. */
export type HookName = (typeof HOOKS)[number];

/**
 * A plugin failed; the message names the plugin, the hook and (if any) the entry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PluginError } from "./hook_runner.ts";
 * const e = new PluginError("dump", "beforeRun", new Error("exit 1"));
 * assert.ok(e.message === 'plugin "dump" failed in beforeRun: exit 1');
 * ```
 */
export class PluginError extends TarzError {
  /** Always "PluginError". */
  override name = "PluginError";
  /** Wraps `cause`, thrown by `plugin` in `hook` (for `entry`, if any). */
  constructor(
    readonly plugin: string,
    readonly hook: string,
    cause: unknown,
    readonly entry?: string,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `plugin "${plugin}" failed in ${hook}${entry ? ` for ${entry}` : ""}: ${why}`,
      ExitCode.failed,
    );
    this.cause = cause;
  }
}

/**
 * The run was ended on purpose: by `beforeRun` or by a `skip-run` plugin's failure.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunSkipped } from "./hook_runner.ts";
 * assert.ok(new RunSkipped("disk", "not mounted").reason === "not mounted");
 * ```
 */
export class RunSkipped extends Error {
  /** Always "RunSkipped". */
  override name = "RunSkipped";
  /** Records which plugin ended the run, and why. */
  constructor(readonly plugin: string, readonly reason: string) {
    super(`skipped by plugin "${plugin}": ${reason}`);
  }
}

/** Flattens a `plugins` array (dropping falsy values) and checks each plugin's shape. */
export function flattenPlugins(options: PluginOption[] | undefined): TarzPlugin[] {
  const out: TarzPlugin[] = [];
  const visit = (list: PluginOption[]) => {
    for (const p of list) {
      if (Array.isArray(p)) visit(p);
      else if (p) out.push(_checked(p, out.length));
    }
  };
  visit(options ?? []);
  return out;
}

function _checked(p: unknown, index: number): TarzPlugin {
  if (typeof p !== "object" || p === null) {
    throw new TarzError(`plugins[${index}] is ${typeof p}, not a plugin object`);
  }
  const plugin = p as Record<string, unknown>;
  if (typeof plugin.name !== "string" || plugin.name === "") {
    throw new TarzError(`plugins[${index}] has no name: give it { name: "..." }`);
  }
  for (const hook of HOOKS) {
    if (plugin[hook] !== undefined && typeof plugin[hook] !== "function") {
      throw new TarzError(`plugin "${plugin.name}": ${hook} must be a function`);
    }
  }
  if (plugin.enforce !== undefined && plugin.enforce !== "pre" && plugin.enforce !== "post") {
    throw new TarzError(`plugin "${plugin.name}": enforce must be "pre" or "post"`);
  }
  const policies: (FailurePolicy | undefined)[] = ["essential", "optional", "skip-run", undefined];
  if (!policies.includes(plugin.policy as FailurePolicy | undefined)) {
    throw new TarzError(
      `plugin "${plugin.name}": policy must be "essential", "optional" or "skip-run"`,
    );
  }
  return plugin as unknown as TarzPlugin;
}

/**
 * Runs hooks over an ordered list of plugins.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HookRunner } from "./hook_runner.ts";
 * const runner = new HookRunner([{ name: "b" }, false, [{ name: "a", enforce: "pre" }]], console.warn);
 * assert.ok(runner.plugins.map((p) => p.name).join() === "a,b");
 * ```
 */
export class HookRunner {
  /** The plugins in the order their hooks run. */
  readonly plugins: readonly TarzPlugin[];
  #warn: (message: string) => void;

  /** Flattens, checks and orders `plugins`; `warn` receives the warnings of optional ones. */
  constructor(plugins: PluginOption[] | undefined, warn: (message: string) => void) {
    const flat = flattenPlugins(plugins);
    const rank = (p: TarzPlugin) => (p.enforce === "pre" ? 0 : p.enforce === "post" ? 2 : 1);
    this.plugins = flat.map((p, i) => ({ p, i }))
      .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
      .map(({ p }) => p);
    this.#warn = warn;
  }

  /** Sends the warnings of `optional` plugins (and of onError/finally) to `warn` instead. */
  setWarn(warn: (message: string) => void): void {
    this.#warn = warn;
  }

  /** Whether any plugin has this hook (lets the caller skip per-entry work). */
  has(hook: HookName): boolean {
    return this.plugins.some((p) => p[hook] !== undefined);
  }

  /** Sequential. */
  async setup(ctx: PluginContext): Promise<void> {
    for (const p of this.plugins) await this.#call(p, "setup", () => p.setup?.(ctx));
  }

  /** Sequential; the first `{ abort }` ends the run with {@linkcode RunSkipped}. */
  async beforeRun(job: JobInfo): Promise<void> {
    for (const p of this.plugins) {
      const r = await this.#call(p, "beforeRun", () => p.beforeRun?.(job));
      if (r && typeof r === "object" && "abort" in r) throw new RunSkipped(p.name, r.abort);
    }
  }

  /**
   * First result that is not undefined decides. Synchronous: it runs for every path during
   * the walk, which must not wait (a plugin doing I/O uses the sync API); a plugin that
   * returns a Promise is told so.
   */
  filterEntry(entry: PluginEntry): { include: boolean; reason: string } | undefined {
    for (const p of this.plugins) {
      if (!p.filterEntry) continue;
      let r: FilterResult;
      try {
        r = p.filterEntry(entry);
        if (r instanceof Promise) {
          r.catch(() => {});
          throw new Error("filterEntry must return its verdict synchronously, not a Promise");
        }
      } catch (e) {
        this.#failed(p, "filterEntry", e, entry); // optional plugins only warn
        continue;
      }
      if (r === undefined) continue;
      if (typeof r === "boolean") return { include: r, reason: `plugin ${p.name}` };
      return { include: r.include, reason: `plugin ${p.name}${r.reason ? `: ${r.reason}` : ""}` };
    }
    return undefined;
  }

  /** A chain: each plugin sees the entry as the one before left it. */
  async transformEntry(entry: PluginEntry): Promise<{ entry: PluginEntry; content?: Uint8Array }> {
    let current = entry;
    let content: Uint8Array | undefined;
    for (const p of this.plugins) {
      if (!p.transformEntry) continue;
      const r: EntryTransform | void = await this.#call(
        p,
        "transformEntry",
        () => p.transformEntry!(current),
        current,
      );
      if (!r) continue;
      if (r.entry) current = { ...current, entry: { ...current.entry, ...r.entry } };
      if (r.content) {
        content = r.content;
        current = { ...current, entry: { ...current.entry, size: r.content.length } };
      }
    }
    return { entry: current, content };
  }

  /** Parallel; every plugin's failure is reported after all have run. */
  async afterArchive(result: ArchiveResult): Promise<void> {
    const runs = this.plugins.filter((p) => p.afterArchive).map((p) =>
      this.#call(p, "afterArchive", () => p.afterArchive!(result)).then(
        () => null,
        (e) => e as Error,
      )
    );
    const failures = (await Promise.all(runs)).filter((e) => e !== null);
    if (failures.length) throw failures[0];
  }

  /** Every plugin hears of the failure; their own errors only warn. */
  async onError(error: Error): Promise<void> {
    for (const p of this.plugins) {
      if (!p.onError) continue;
      try {
        await p.onError(error);
      } catch (e) {
        this.#warn(new PluginError(p.name, "onError", e).message);
      }
    }
  }

  /** Always runs, for every plugin; errors only warn. */
  async finally(): Promise<void> {
    for (const p of this.plugins) {
      if (!p.finally) continue;
      try {
        await p.finally();
      } catch (e) {
        this.#warn(new PluginError(p.name, "finally", e).message);
      }
    }
  }

  /** Calls one hook, applying the plugin's failure policy. */
  async #call<T>(
    p: TarzPlugin,
    hook: string,
    fn: () => T | Promise<T>,
    entry?: PluginEntry,
  ): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      this.#failed(p, hook, e, entry);
      return undefined;
    }
  }

  /** Applies a plugin's failure policy: returns (after a warning) only for `optional`. */
  #failed(p: TarzPlugin, hook: string, e: unknown, entry?: PluginEntry): void {
    if (e instanceof RunSkipped) throw e;
    const err = new PluginError(p.name, hook, e, entry?.path);
    switch (p.policy ?? "essential") {
      case "optional":
        this.#warn(err.message);
        return;
      case "skip-run":
        throw new RunSkipped(p.name, err.message);
      default:
        throw err;
    }
  }
}
