/**
 * The types of `tarz.config.ts`, written out for editors and for the documentation.
 * schema_test.ts checks at type level that they match the zod schema in schema.ts, which
 * validates at run time, so the two cannot drift apart.
 * @module
 */
import type { Format } from "../compress/format.ts";
import type { PluginOption } from "../plugin/plugin.ts";
import type { RetentionPolicy } from "../backup/retention.ts";

/** Defaults for every job; each job and the command line may override them. */
export interface ConfigDefaults {
  /** Where backup status files and locks live (default: .tarz-state beside the config). */
  stateDir?: string;
  /** The {host} of output templates (default: the machine's short hostname). */
  host?: string;
  /** Compression. */
  format?: Format;
  /** Compression level (range depends on the format). */
  level?: number;
  /** How progress is shown. */
  progress?: "auto" | "tty" | "plain" | "json" | "none";
  /** Byte-identical output: sorted, owner 0:0, clamped mtimes. */
  reproducible?: boolean;
  /** gzip/zstd compression threads. */
  threads?: number;
}

/** One named job. */
export interface JobConfig {
  /** Files and directories to archive, relative to `cwd`. */
  sources: string[];
  /**
   * Archive path template: `{job}`, `{date}` (YYYY-MM-DD), `{time}` (HHMMSS), `{host}`. A
   * local path, or a URL: `s3://bucket/prefix/{job}-{date}.tar.zst`, `rclone:remote:path/…`.
   */
  output: string;
  /** Settings of remote storage; the environment (AWS_*) wins over them. */
  storage?: {
    s3?: {
      /** The service's URL, for MinIO, Ceph, R2, B2 and the like. */
      endpoint?: string;
      region?: string;
      /** A profile of ~/.aws/credentials and ~/.aws/config. */
      profile?: string;
      /** Address buckets as endpoint/bucket (the default with an endpoint). */
      pathStyle?: boolean;
      /** The storage class of new objects, e.g. STANDARD_IA. */
      storageClass?: string;
    };
    sftp?: {
      /** The ssh command, e.g. "ssh -F /etc/tarz/ssh_config"; TARZ_RSH wins over it. */
      command?: string;
    };
  };
  /** Directory the sources are relative to (default: the config file's directory). */
  cwd?: string;
  /** Compression; otherwise from defaults or the output name. */
  format?: Format;
  /** Compression level (range depends on the format). */
  level?: number;
  /** Byte-identical output: sorted, owner 0:0, clamped mtimes. */
  reproducible?: boolean;
  /** gzip/zstd compression threads. */
  threads?: number;
  /** gitignore-syntax patterns to leave out, anchored at each source. */
  exclude?: string[];
  /** gitignore-syntax patterns to keep although excluded (not under an excluded directory). */
  include?: string[];
  /** Files of gitignore-syntax patterns. */
  excludeFrom?: string[];
  /** Leave out .git, .hg, .svn and the like. */
  excludeVcs?: boolean;
  /** Leave out the contents of directories holding a valid CACHEDIR.TAG. */
  excludeCaches?: boolean;
  /** Archive what symlinks point to. */
  followSymlinks?: boolean;
  /** Plugins; falsy values and nested arrays are allowed. */
  plugins?: PluginOption[];
  /** Which archives `tarz backup` and `tarz prune` keep (restic semantics). */
  retention?: RetentionPolicy;
  /** When `tarz daemon` runs the job: cron syntax, optionally with seconds. */
  schedule?: string;
  /** Time zone of the schedule, e.g. "Europe/Berlin". */
  timezone?: string;
  /** Store only what changed since the last archive; `tarz restore` applies the chain. */
  incremental?: {
    /** A full archive after this long (`"7d"`) or this many incrementals (`6`). */
    fullEvery: string | number;
  };
  /** Encrypt archives with age; the output name must end in .age. */
  encrypt?: {
    /** age public keys (age1...). */
    recipients: string[];
  };
}

/** The config file's default export. */
export interface TarzConfig {
  /** Defaults for every job. */
  defaults?: ConfigDefaults;
  /** Named jobs. */
  jobs: Record<string, JobConfig>;
}
