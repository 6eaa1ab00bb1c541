import { createHash } from 'node:crypto';
import { IMAGE_MIME_TYPES, readImageHeader } from '@veo-bot/core';

/** The first-frame image of a start, as the fake received it. */
export interface ReceivedImage {
  readonly mimeType: string;
  readonly sizeBytes: number;
  /** Hex sha256 of the decoded bytes, to compare with what the user uploaded. */
  readonly sha256: string;
}

/** The checked `instances[0].image` of a start: none, accepted, or why Vertex would refuse it. */
export type ImageInputCheck =
  | { readonly ok: true; readonly image: ReceivedImage | undefined }
  | { readonly ok: false; readonly message: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Checks an image input the way Vertex would: base64 bytes (`bytesBase64Encoded`) with a
 * `mimeType` Veo takes, and bytes that really are that type. A `gcsUri` input is not served.
 */
export function checkImageInput(input: unknown): ImageInputCheck {
  if (input === undefined || input === null) return { ok: true, image: undefined };
  const { bytesBase64Encoded: data, mimeType, gcsUri } = input as { bytesBase64Encoded?: unknown; mimeType?: unknown; gcsUri?: unknown };
  if (gcsUri !== undefined) return { ok: false, message: 'The fake serves inline image bytes only (image.gcsUri given).' };
  if (typeof data !== 'string' || data.length === 0 || data.length % 4 !== 0 || !BASE64.test(data)) {
    return { ok: false, message: 'image.bytesBase64Encoded must be non-empty base64.' };
  }
  if (typeof mimeType !== 'string' || !(IMAGE_MIME_TYPES as readonly string[]).includes(mimeType)) {
    return { ok: false, message: `Unsupported image mimeType ${JSON.stringify(mimeType)}; expected one of ${IMAGE_MIME_TYPES.join(', ')}.` };
  }
  const bytes = Buffer.from(data, 'base64');
  const header = readImageHeader(bytes);
  if (!header || header.mimeType !== mimeType) return { ok: false, message: `The image bytes are not a ${mimeType} image.` };
  return { ok: true, image: { mimeType, sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } };
}
