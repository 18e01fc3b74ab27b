/**
 * The shape of `tarz.config.ts`, as a zod schema. It is the single source of truth: the
 * validation with its messages and docs/config.md (generated from
 * {@linkcode describeSchema}) come from here; types.ts is checked against it.
 * @module
 */
import { LOCATION_FORMS, SCHEMES } from "../store/location.ts";
import { z } from "zod";
import { FORMATS } from "../compress/format.ts";

const format = z.enum(FORMATS as unknown as [string, ...string[]]).describe(
  "compression: tar, gzip, zstd, brotli, xz or bzip2",
);
const level = z.number().int().describe("compression level (range depends on the format)");
const progress = z.enum(["auto", "tty", "plain", "json", "none"]).describe(
  "how progress is shown",
);
const reproducible = z.boolean().describe(
  "byte-identical output: sorted, owner 0:0, clamped mtimes",
);
const threads = z.number().int().min(1).max(64).describe(
  "gzip/zstd compression threads (default: every core); 2 or more make zstd archives seekable",
);
const globs = z.array(z.string());

const count = z.number().int().min(0);
/** How many archives to keep, with restic's semantics. */
export const retentionSchema = z.strictObject({
  keepLast: count.optional().describe("the newest n archives"),
  keepHourly: count.optional().describe("the newest archive of each of the last n hours"),
  keepDaily: count.optional().describe("the newest archive of each of the last n days"),
  keepWeekly: count.optional().describe("the newest archive of each of the last n ISO weeks"),
  keepMonthly: count.optional().describe("the newest archive of each of the last n months"),
  keepYearly: count.optional().describe("the newest archive of each of the last n years"),
  keepWithin: z.string().regex(/^(\d+[hdwmy])+$/).optional().describe(
    'every archive within this long of the newest, e.g. "7d", "36h", "1y6m"',
  ),
});

/** Defaults for every job; each job and the command line may override them. */
export const defaultsSchema = z.strictObject({
  stateDir: z.string().optional().describe(
    "where backup status files and locks live (default: .tarz-state beside the config)",
  ),
  host: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/).optional().describe(
    "the {host} of output templates, and whose archives retention looks at (default: the short hostname)",
  ),
  format: format.optional(),
  level: level.optional(),
  progress: progress.optional(),
  reproducible: reproducible.optional(),
  threads: threads.optional(),
});

/** Whether an output template is a path or a URL of a scheme tarz knows. */
function _knownScheme(output: string): boolean {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(output);
  return !m || (SCHEMES as readonly string[]).includes(m[1].toLowerCase());
}

/** One named job. */
export const jobSchema = z.strictObject({
  sources: z.array(z.string()).min(1).describe("files and directories to archive"),
  output: z.string().min(1).refine(_knownScheme, {
    message: `a URL tarz cannot use; write ${LOCATION_FORMS}`,
  }).describe(
    "archive path template: {job}, {date} (YYYY-MM-DD), {time} (HHMMSS), {host}; a path, s3://bucket/key or rclone:remote:path",
  ),
  storage: z.strictObject({
    s3: z.strictObject({
      endpoint: z.string().url().optional().describe("the service's URL (MinIO, Ceph, R2, B2…)"),
      region: z.string().optional().describe("the region (default: AWS_REGION, else us-east-1)"),
      profile: z.string().optional().describe("a profile of ~/.aws/credentials and ~/.aws/config"),
      pathStyle: z.boolean().optional().describe(
        "address buckets as endpoint/bucket (the default with an endpoint)",
      ),
      storageClass: z.string().optional().describe("the storage class of new objects"),
    }).optional().describe("S3 settings; AWS_* environment variables win over them"),
    sftp: z.strictObject({
      command: z.string().optional().describe(
        'the ssh command, e.g. "ssh -F /etc/tarz/ssh_config" (TARZ_RSH wins)',
      ),
    }).optional().describe("SFTP settings"),
  }).optional().describe("settings of remote storage"),
  cwd: z.string().optional().describe(
    "directory the sources are relative to (default: the config file's directory)",
  ),
  format: format.optional(),
  level: level.optional(),
  reproducible: reproducible.optional(),
  threads: threads.optional(),
  exclude: globs.optional().describe("gitignore-syntax patterns to leave out"),
  include: globs.optional().describe(
    "gitignore-syntax patterns to keep even if excluded (not under an excluded directory)",
  ),
  excludeFrom: globs.optional().describe("files of gitignore-syntax patterns"),
  excludeVcs: z.boolean().optional().describe("leave out .git, .hg, .svn and the like"),
  excludeCaches: z.boolean().optional().describe(
    "leave out directories holding a valid CACHEDIR.TAG",
  ),
  followSymlinks: z.boolean().optional().describe("archive what symlinks point to"),
  plugins: z.array(z.any()).optional().describe("plugins; falsy values and nested arrays allowed"),
  retention: retentionSchema.optional().describe(
    "which archives `tarz backup` and `tarz prune` keep (restic semantics)",
  ),
  schedule: z.string().optional().describe(
    'when `tarz daemon` runs the job: cron syntax, optionally with seconds, e.g. "0 3 * * *"',
  ),
  timezone: z.string().optional().describe('time zone of the schedule, e.g. "Europe/Berlin"'),
  incremental: z.strictObject({
    fullEvery: z.union([z.string().regex(/^(\d+[hdwmy])+$/), z.number().int().min(0)]).describe(
      'a full archive after this long ("7d") or this many incrementals (6)',
    ),
  }).optional().describe(
    "store only what changed since the last archive (tarz restore applies the chain)",
  ),
  encrypt: z.strictObject({
    recipients: z.array(z.string()).min(1).describe("age public keys (age1...)"),
  }).optional().describe("encrypt archives with age; the output name must end in .age"),
});

/** The whole config file. */
export const configSchema = z.strictObject({
  defaults: defaultsSchema.optional(),
  jobs: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/), jobSchema).describe(
    "named jobs",
  ),
});

/** One documented key, for the generated reference. */
export interface KeyDoc {
  key: string;
  type: string;
  required: boolean;
  description: string;
}

/** Lists every key of the schema with its type and description (for docs/config.md). */
export function describeSchema(): { section: string; keys: KeyDoc[] }[] {
  const keys = (shape: Record<string, z.ZodType>) =>
    Object.entries(shape).map(([key, t]) => {
      const optional = t instanceof z.ZodOptional;
      const inner = optional ? (t as z.ZodOptional<z.ZodType>).unwrap() : t;
      return {
        key,
        type: _typeName(inner),
        required: !optional,
        description: t.description ?? inner.description ?? "",
      };
    });
  return [
    { section: "defaults", keys: keys(defaultsSchema.shape) },
    { section: "jobs.<name>", keys: keys(jobSchema.shape) },
    { section: "jobs.<name>.retention", keys: keys(retentionSchema.shape) },
  ];
}

function _typeName(t: z.ZodType): string {
  if (t instanceof z.ZodEnum) return t.options.map((o) => `"${o}"`).join(" | ");
  if (t instanceof z.ZodArray) return `${_typeName(t.element as z.ZodType)}[]`;
  if (t instanceof z.ZodString) return "string";
  if (t instanceof z.ZodNumber) return "number";
  if (t instanceof z.ZodBoolean) return "boolean";
  if (t instanceof z.ZodAny) return "plugin";
  if (t instanceof z.ZodObject) return "object (below)";
  return "value";
}
