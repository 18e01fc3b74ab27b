/**
 * `notify({ url, on })`: tells a monitor about runs. With `style: "webhook"` (the
 * default) it POSTs a JSON event; with `style: "healthchecks"` it pings a
 * Healthchecks-style URL: `<url>/start`, `<url>` on success and `<url>/fail` on failure.
 * A monitor that cannot be reached only warns: notification never fails a backup.
 * @module
 */
import type { TarzPlugin } from "../src/plugin/plugin.ts";

/** The events that can be sent. */
export type NotifyEvent = "start" | "success" | "failure";

/** Options for {@linkcode notify}. */
export interface NotifyOptions {
  /** The webhook, or the Healthchecks-style ping URL. */
  url: string;
  /**
   * Which events to send.
   * @default {["start", "success", "failure"]}
   */
  on?: NotifyEvent[];
  /**
   * JSON to a webhook, or Healthchecks-style pings.
   * @default {"webhook"}
   */
  style?: "webhook" | "healthchecks";
  /**
   * How long to wait for the monitor, in milliseconds.
   * @default {10000}
   */
  timeoutMs?: number;
}

/**
 * Creates the plugin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { notify } from "./notify.ts";
 * const p = notify({ url: "https://hc-ping.com/uuid", style: "healthchecks", on: ["failure"] });
 * assert.ok(p.name === "notify");
 * ```
 */
export function notify(options: NotifyOptions): TarzPlugin {
  const on = new Set(options.on ?? ["start", "success", "failure"]);
  let job = "";
  let output = "";
  const send = async (event: NotifyEvent, details: Record<string, unknown>) => {
    if (!on.has(event)) return;
    const base = options.url.replace(/\/+$/, "");
    const healthchecks = options.style === "healthchecks";
    const url = healthchecks
      ? event === "start" ? `${base}/start` : event === "failure" ? `${base}/fail` : base
      : options.url;
    const body = JSON.stringify({ event, job, output, time: new Date().toISOString(), ...details });
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": healthchecks ? "text/plain" : "application/json" },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  };
  return {
    name: "notify",
    policy: "optional",
    setup(ctx) {
      job = ctx.job;
      output = ctx.output;
    },
    async beforeRun() {
      await send("start", {});
    },
    async afterArchive(result) {
      await send("success", {
        files: result.files,
        bytesIn: result.bytesIn,
        bytesOut: result.bytesOut,
        elapsedMs: result.elapsedMs,
        warnings: result.warnings.length,
      });
    },
    async onError(error) {
      await send("failure", { error: error.message });
    },
  };
}
