/**
 * `tarz verify --job`: checks everything a restore of the job's newest state would use.
 * Every archive of the chain is decoded to the end and checked against its manifest, and
 * with `againstSources` the chain is restored into a temporary directory and compared with
 * the sources, so an incremental is judged by the state it restores, not by its changes.
 * @module
 */
import { jobCwd } from "../config/job_options.ts";
import type { LoadedConfig } from "../config/load_config.ts";
import type { JobConfig } from "../config/types.ts";
import { TarzError, UsageError } from "../errors.ts";
import { compareTrees } from "../read/compare_trees.ts";
import { baseName } from "../util/paths.ts";
import { manifestPathOf, readManifest } from "../read/manifest_file.ts";
import { type Difference, verifyArchive } from "../read/verify_archive.ts";
import { applyChain, jobChain } from "./restore.ts";

/** Options for {@linkcode verifyJob}. */
export interface VerifyJobOptions {
  /** Also compare the state the chain restores with the job's sources on disk. @default {false} */
  againstSources?: boolean;
  /** age identities, for encrypted archives. */
  identities?: string[];
  /** The moment whose state is checked (default: now). */
  at?: Date;
}

/** What {@linkcode verifyJob} found. */
export interface VerifyJobSummary {
  /** The chain's archives, oldest first. */
  chain: string[];
  /** The archives decoded whole, oldest first. */
  archives: { path: string; format: string; entries: number; bytes: number }[];
  /** Every problem, each path prefixed with its archive's name where it concerns one. */
  differences: Difference[];
}

/** Verifies the job's chain (one archive for a plain job). */
export async function verifyJob(
  loaded: LoadedConfig,
  name: string,
  job: JobConfig,
  { againstSources = false, identities, at = new Date() }: VerifyJobOptions = {},
): Promise<VerifyJobSummary> {
  const chain = await jobChain(loaded, name, job, at, identities);
  if (chain.length === 0) {
    throw new UsageError(`Job "${name}" has no archive yet`, "run tarz backup");
  }
  const summary: VerifyJobSummary = {
    chain: chain.map((s) => s.path),
    archives: [],
    differences: [],
  };
  for (const step of chain) {
    const base = baseName(step.path);
    let s;
    try {
      s = await verifyArchive(step.path, {
        manifest: (await readManifest(manifestPathOf(step.path), identities, job.storage)).files,
        identities,
        storage: job.storage,
      });
    } catch (e) {
      // a damaged archive of the chain is what this check is for: name it, check the rest
      if (!(e instanceof TarzError) || e instanceof UsageError) throw e;
      summary.differences.push({ path: base, what: e.message });
      continue;
    }
    summary.archives.push({
      path: step.path,
      format: s.format,
      entries: s.entries,
      bytes: s.bytes,
    });
    for (const d of s.differences) {
      summary.differences.push({ path: `${base}: ${d.path}`, what: d.what });
    }
  }
  if (summary.differences.length) return summary; // a broken chain restores nothing to compare
  if (againstSources) {
    const dest = Deno.makeTempDirSync({ prefix: "tarz-verify-" });
    try {
      // the chain already found and checked above, not found again
      await applyChain(chain, {
        dest,
        identities,
        storage: job.storage,
        onWarning: (m) => {
          summary.differences.push({ path: "restore", what: m });
        },
      });
      summary.differences.push(...await compareTrees(dest, jobCwd(loaded, job)));
    } finally {
      Deno.removeSync(dest, { recursive: true });
    }
  }
  return summary;
}
