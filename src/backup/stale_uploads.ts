/**
 * Multipart uploads a job's killed runs left in object storage. A `kill -9` or a power cut
 * cannot abort an upload, and its parts cost storage until someone does: `tarz backup` and
 * `tarz prune` abort the job's own uploads (keys its output template makes) that began
 * over a day ago, and `prune --dry-run` lists them.
 * @module
 */
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { STALE_AFTER_MS, type StalePartial } from "../sink/stale_partials.ts";
import { S3Store } from "../store/s3/s3_store.ts";
import { templatePattern } from "./archive_set.ts";
import { jobDirectory } from "./job_files.ts";

/**
 * The job's stale uploads in the directory its output goes to at `now`, aborted unless
 * `dryRun`. None for a local output (its temporary files are the sink's to remove).
 */
export async function staleUploads(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  { now = new Date(), dryRun = false }: { now?: Date; dryRun?: boolean } = {},
): Promise<StalePartial[]> {
  const { store, key } = jobDirectory(loaded, name, job, now);
  if (!(store instanceof S3Store)) return [];
  const own = templatePattern(job.output, name, Deno.hostname());
  const out: StalePartial[] = [];
  for (const u of await store.pendingUploads(key)) {
    const rest = u.key.slice(key.length);
    if (rest.includes("/") || !own.test(rest)) continue;
    if (now.getTime() - u.initiated.getTime() < STALE_AFTER_MS) continue; // may be running
    if (!dryRun) await store.abortUpload(u);
    out.push({
      path: store.describe(u.key),
      bytes: 0,
      why: `a multipart upload begun ${u.initiated.toISOString()} and never completed`,
    });
  }
  return out;
}
