/**
 * The end-of-run statistics, as text lines. Pure.
 * @module
 */
import type { CreateSummary } from "../create/create_archive.ts";
import type { ExtractSummary } from "../extract/extract_archive.ts";
import { count, formatBytes, formatDuration } from "../progress/format_units.ts";

/** Formats a create summary for people. */
export function formatCreateSummary(s: CreateSummary): string {
  const lines: string[] = [];
  const what = [
    count(s.files, "file"),
    count(s.directories, "directory"),
    count(s.symlinks, "symlink"),
    count(s.hardlinks, "hardlink"),
    ...(s.specials ? [`${s.specials} special files`] : []),
  ].join(", ");
  if (s.dryRun) {
    lines.push(
      `Would archive ${what}, ${formatBytes(s.bytesIn)} of data (dry run: nothing written)`,
    );
  } else {
    const compression = s.format === "tar"
      ? "tar"
      : `${s.format}${s.level !== null ? ` level ${s.level}` : ""} (${s.backend})`;
    lines.push(`Created ${s.output === "-" ? "standard output" : s.output}: ${compression}`);
    lines.push(`  ${what}`);
    lines.push(
      `  ${formatBytes(s.bytesIn)} in → ${formatBytes(s.bytesOut)} out` +
        (s.format === "tar" || s.bytesIn === 0
          ? ""
          : `, ratio ${(s.bytesOut / s.bytesIn * 100).toFixed(1)}%`),
    );
    lines.push(
      `  ${formatDuration(s.elapsedMs)}, ${formatBytes(s.throughput)}/s` +
        (s.uploadThroughput !== undefined
          ? `; uploaded at ${formatBytes(s.uploadThroughput)}/s`
          : ""),
    );
  }
  for (const p of s.staleRemoved ?? []) {
    lines.push(
      `  removed ${p.path} (${formatBytes(p.bytes)}), left by an interrupted run: ${p.why}`,
    );
  }
  if (s.warnings.length) {
    lines.push(`  ${count(s.warnings.length, "warning")}:`);
    for (const w of s.warnings.slice(0, 20)) lines.push(`    ${w}`);
    if (s.warnings.length > 20) lines.push(`    … and ${s.warnings.length - 20} more`);
  }
  return lines.join("\n");
}

/** Formats an extract summary for people. */
export function formatExtractSummary(s: ExtractSummary): string {
  const lines = [
    `Extracted ${s.archive === "-" ? "standard input" : s.archive} (${s.format}) into ${s.dest}`,
    `  ${count(s.files, "file")}, ${count(s.directories, "directory")}, ${
      count(s.symlinks, "symlink")
    }, ${count(s.hardlinks, "hardlink")}`,
    `  ${formatBytes(s.bytesIn)} read${s.seekable ? " (only the frames that hold them)" : ""} → ${
      formatBytes(s.bytesOut)
    } written in ${formatDuration(s.elapsedMs)}`,
  ];
  if (s.refused) {
    lines.push(`  ${count(s.refused, "member")} refused by the safety rules`);
  }
  if (s.kept) lines.push(`  ${count(s.kept, "existing file")} kept`);
  return lines.join("\n");
}
