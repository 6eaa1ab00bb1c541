import { type ImageLimits, imageTooLargeMessage, isAcceptedImageType, wrongImageTypeMessage } from '@veo-bot/core';

/** What Discord says about an attachment before it is downloaded. */
export interface AttachmentInfo {
  readonly url: string;
  readonly name: string;
  readonly size: number;
  readonly contentType: string | null;
}

/** Downloaded bytes, or a refusal phrased for the user. */
export type DownloadResult = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly message: string };

/**
 * The cheap checks on Discord's own description of the attachment (declared type and size),
 * made before anything is deferred or downloaded; null when it may be fetched. Core checks the
 * real bytes again (type from the header, dimensions).
 */
export function precheckAttachment(info: AttachmentInfo, limits: ImageLimits): string | null {
  if (!isAcceptedImageType(info.contentType)) return wrongImageTypeMessage(`"${info.name}" (${info.contentType ?? 'unknown type'})`);
  if (info.size > limits.maxBytes) return imageTooLargeMessage(info.size, limits);
  return null;
}

/** The refusal for an image over the cap, naming the limit ("The image is larger than the maximum of 8 MiB."). */
export function imageOverCapMessage(maxBytes: number): string {
  return `The image is too big: it is larger than the maximum of ${Math.floor(maxBytes / 1024 / 1024)} MiB.`;
}

/**
 * Downloads an attachment from its URL, stopping as soon as more than `maxBytes` arrived (the
 * declared size could be wrong, or absent when the file is streamed without Content-Length):
 * never more than the cap plus one chunk is held in memory, and an image past the cap is
 * refused as too big, never as "could not be downloaded".
 */
export async function downloadAttachment(url: string, maxBytes: number, timeoutMs = 15_000): Promise<DownloadResult> {
  const failed: DownloadResult = { ok: false, message: 'The image could not be downloaded from Discord. Please try again.' };
  const aborter = new AbortController();
  const timer = setTimeout(() => aborter.abort(), timeoutMs);
  try {
    const response = await fetch(url, { signal: aborter.signal });
    if (!response.ok || !response.body) return failed;
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) return { ok: false, message: imageTooLargeMessage(declared, { maxBytes, minSide: 0, maxSide: 0 }) };
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      // Stop reading at once; cancelling may reject, which must not turn "too big" into "failed".
      if (total > maxBytes) {
        void reader.cancel().catch(() => undefined);
        return { ok: false, message: imageOverCapMessage(maxBytes) };
      }
      chunks.push(value);
    }
    return { ok: true, bytes: new Uint8Array(Buffer.concat(chunks)) };
  } catch {
    return failed;
  } finally {
    clearTimeout(timer);
    aborter.abort();
  }
}
