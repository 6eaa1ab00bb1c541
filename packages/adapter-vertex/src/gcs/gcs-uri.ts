/** A Cloud Storage object (or prefix) address. */
export interface GcsLocation {
  readonly bucket: string;
  /** Object name or prefix, without the bucket; may be empty for a whole bucket. */
  readonly name: string;
}

/** Splits `gs://bucket/path/to/object`; throws on anything else (a caller bug, not a user error). */
export function parseGcsUri(uri: string): GcsLocation {
  const match = /^gs:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match?.[1]) throw new Error(`Not a Cloud Storage URI: "${uri}" (expected gs://bucket/object)`);
  return { bucket: match[1], name: match[2] ?? '' };
}

/** `gs://bucket/name`. */
export const gcsUri = (bucket: string, name: string): string => `gs://${bucket}/${name}`;

/** Fills a link template's `{bucket}` and `{object}`, encoding each path segment of the object name. */
export function fillLinkTemplate(template: string, { bucket, name }: GcsLocation): string {
  const object = name.split('/').map(encodeURIComponent).join('/');
  return template.replaceAll('{bucket}', encodeURIComponent(bucket)).replaceAll('{object}', object);
}
