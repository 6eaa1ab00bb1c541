import type { FakeObjectStore } from './fake-object-store.js';

/** The checked `instances[0].video` of a start (Extend): none, the stored video it continues, or why Vertex would refuse it. */
export type VideoInputCheck =
  | { readonly ok: true; readonly videoUri: string | undefined }
  | { readonly ok: false; readonly message: string };

const GCS = /^gs:\/\/([^/]+)\/(.+)$/;

/**
 * Checks a video input the way Vertex would for an extension: a `gcsUri` naming an MP4 object
 * that exists (Google reads it from Cloud Storage; the fake from its own buckets) with
 * `mimeType` `video/mp4`. Inline video bytes are not served by the fake (veo-bot never sends them).
 */
export function checkVideoInput(input: unknown, objects: FakeObjectStore): VideoInputCheck {
  if (input === undefined || input === null) return { ok: true, videoUri: undefined };
  const { gcsUri, mimeType, bytesBase64Encoded } = input as { gcsUri?: unknown; mimeType?: unknown; bytesBase64Encoded?: unknown };
  if (bytesBase64Encoded !== undefined) return { ok: false, message: 'The fake serves video.gcsUri inputs only (video.bytesBase64Encoded given).' };
  const match = typeof gcsUri === 'string' ? GCS.exec(gcsUri) : null;
  if (!match) return { ok: false, message: `video.gcsUri must be a gs:// URI; got ${JSON.stringify(gcsUri)}.` };
  if (mimeType !== 'video/mp4') return { ok: false, message: `Unsupported video mimeType ${JSON.stringify(mimeType)}; expected video/mp4.` };
  const object = objects.get(match[1] ?? '', match[2] ?? '');
  if (!object) return { ok: false, message: `The input video ${String(gcsUri)} does not exist or cannot be read.` };
  if (object.contentType !== 'video/mp4') return { ok: false, message: `The input video ${String(gcsUri)} is not an MP4 video.` };
  return { ok: true, videoUri: gcsUri as string };
}
