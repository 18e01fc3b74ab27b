/**
 * What a job's killed runs left in remote storage: multipart uploads in S3, and temporary
 * files on an rclone remote or an SFTP server. A `kill -9` or a power cut cannot clean them
 * up, and they cost storage until someone does: `tarz backup` and `tarz prune` remove the
 * job's own (names its output template makes) once they are over a day old, and
 * `prune --dry-run` lists them.
 * @module
 */
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { partialTarget, STALE_AFTER_MS, type StalePartial } from "../sink/stale_partials.ts";
import { S3Store } from "../store/s3/s3_store.ts";
import { RcloneStore } from "../store/rclone/rclone_store.ts";
import { SftpStore } from "../store/sftp/sftp_store.ts";
import type { Store } from "../store/store.ts";
import { templatePattern } from "./archive_set.ts";
import { jobHost } from "../config/job_options.ts";
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
  const own = templatePattern(job.output, name, jobHost(loaded));
  if (store instanceof RcloneStore || store instanceof SftpStore) {
    return await _stalePartials(store, key, own, now, dryRun);
  }
  if (!(store instanceof S3Store)) return [];
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

/** The job's temporary files on an rclone remote or an SFTP server that are over a day old. */
async function _stalePartials(
  store: Store,
  dir: string,
  own: RegExp,
  now: Date,
  dryRun: boolean,
): Promise<StalePartial[]> {
  const out: StalePartial[] = [];
  for (const o of await store.list(dir)) {
    const name = o.key.slice(dir.length);
    const target = partialTarget(name);
    if (target === null || !own.test(target)) continue;
    if (now.getTime() - o.modified.getTime() < STALE_AFTER_MS) continue;
    if (!dryRun) await store.remove(o.key);
    out.push({
      path: store.describe(o.key),
      bytes: o.size,
      why: `a temporary file last written ${o.modified.toISOString()}`,
    });
  }
  return out;
}
