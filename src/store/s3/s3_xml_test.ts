import assert from "node:assert/strict";
import {
  completeBody,
  parseError,
  parseListObjects,
  parseListUploads,
  tagValue,
} from "./s3_xml.ts";

Deno.test("parseListObjects reads keys, sizes, times and the next page's token", () => {
  const page = parseListObjects(
    `<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a&amp;b.tar</Key>` +
      `<LastModified>2026-12-03T10:00:00.000Z</LastModified><Size>42</Size></Contents>` +
      `<NextContinuationToken>tok</NextContinuationToken></ListBucketResult>`,
  );
  assert.deepEqual(page, {
    objects: [{ key: "a&b.tar", size: 42, lastModified: new Date("2026-12-03T10:00:00Z") }],
    next: "tok",
  });
  assert.equal(
    parseListObjects("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>").next,
    undefined,
  );
});

Deno.test("parseListUploads reads pending uploads and the markers of the next page", () => {
  const page = parseListUploads(
    `<ListMultipartUploadsResult><IsTruncated>true</IsTruncated><NextKeyMarker>k</NextKeyMarker>` +
      `<NextUploadIdMarker>u</NextUploadIdMarker><Upload><Key>k</Key><UploadId>u</UploadId>` +
      `<Initiated>2026-12-01T00:00:00Z</Initiated></Upload></ListMultipartUploadsResult>`,
  );
  assert.deepEqual(page.uploads, [{
    key: "k",
    uploadId: "u",
    initiated: new Date("2026-12-01T00:00:00Z"),
  }]);
  assert.deepEqual(page.next, { key: "k", uploadId: "u" });
});

Deno.test("parseError reads the code and message; tagValue unescapes entities", () => {
  assert.deepEqual(parseError("<Error><Code>NoSuchBucket</Code><Message>gone</Message></Error>"), {
    code: "NoSuchBucket",
    message: "gone",
  });
  assert.equal(tagValue("<K>&lt;&#233;&#x41;&gt;</K>", "K"), "<éA>");
});

Deno.test("completeBody numbers the parts from 1 and escapes their ETags", () => {
  assert.equal(
    completeBody(['"e1"', '"e2"']),
    '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"e1"</ETag></Part>' +
      '<Part><PartNumber>2</PartNumber><ETag>"e2"</ETag></Part></CompleteMultipartUpload>',
  );
});
