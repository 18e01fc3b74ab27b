/**
 * The few S3 XML responses tarz reads: errors, ListObjectsV2, CreateMultipartUpload and
 * ListMultipartUploads. Their elements are flat and their text is escaped XML, so a tag
 * scanner is enough. Pure.
 * @module
 */

/** The text of each `<tag>…</tag>` in `xml`, unescaped. */
export function tagValues(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g");
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(_unescape(m[1]));
  return out;
}

/** The text of the first `<tag>`, or undefined. */
export function tagValue(xml: string, tag: string): string | undefined {
  return tagValues(xml, tag)[0];
}

/** The blocks `<tag>…</tag>`, as raw XML for {@linkcode tagValue}. */
export function blocks(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g");
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1]);
  return out;
}

/** An object of a listing. */
export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
}

/** A page of ListObjectsV2: its objects, and the token of the next page if there is one. */
export function parseListObjects(xml: string): { objects: ListedObject[]; next?: string } {
  const objects = blocks(xml, "Contents").map((c) => ({
    key: tagValue(c, "Key") ?? "",
    size: Number(tagValue(c, "Size") ?? 0),
    lastModified: new Date(tagValue(c, "LastModified") ?? 0),
  }));
  const truncated = tagValue(xml, "IsTruncated") === "true";
  return { objects, next: truncated ? tagValue(xml, "NextContinuationToken") : undefined };
}

/** A multipart upload not completed nor aborted. */
export interface PendingUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

/** A page of ListMultipartUploads, with the markers of the next page if there is one. */
export function parseListUploads(
  xml: string,
): { uploads: PendingUpload[]; next?: { key: string; uploadId: string } } {
  const uploads = blocks(xml, "Upload").map((u) => ({
    key: tagValue(u, "Key") ?? "",
    uploadId: tagValue(u, "UploadId") ?? "",
    initiated: new Date(tagValue(u, "Initiated") ?? 0),
  }));
  const truncated = tagValue(xml, "IsTruncated") === "true";
  const key = tagValue(xml, "NextKeyMarker");
  const uploadId = tagValue(xml, "NextUploadIdMarker");
  return { uploads, next: truncated && key ? { key, uploadId: uploadId ?? "" } : undefined };
}

/** The `<Code>` and `<Message>` of an S3 error body, when it has them. */
export function parseError(xml: string): { code?: string; message?: string } {
  return { code: tagValue(xml, "Code"), message: tagValue(xml, "Message") };
}

/** The body of CompleteMultipartUpload for parts 1…n with their ETags. */
export function completeBody(etags: string[]): string {
  const parts = etags.map((e, i) =>
    `<Part><PartNumber>${i + 1}</PartNumber><ETag>${_escape(e)}</ETag></Part>`
  );
  return `<CompleteMultipartUpload>${parts.join("")}</CompleteMultipartUpload>`;
}

function _unescape(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#x?[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e[0] === "#") {
      return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    }
    return { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" }[e]!;
  });
}

function _escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
