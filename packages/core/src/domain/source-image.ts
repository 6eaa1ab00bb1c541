import { IMAGE_MIME_TYPES, type ImageMimeType, readImageHeader } from './image-header.js';

/** The first frame of an image-to-video request, exactly the bytes sent to Veo. */
export interface SourceImage {
  readonly bytes: Uint8Array;
  readonly mimeType: ImageMimeType;
  readonly width: number;
  readonly height: number;
}

/** Size and dimension limits for a source image. */
export interface ImageLimits {
  readonly maxBytes: number;
  /** Shortest side accepted, in pixels. */
  readonly minSide: number;
  /** Longest side accepted, in pixels. */
  readonly maxSide: number;
}

/**
 * 8 MiB keeps a stored image small enough for a Postgres row (it is kept with the request until
 * retention deletes both); Veo wants at least 720p for good results and documents no tiny inputs,
 * so sides from 256 to 4096 pixels are accepted.
 */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: 8 * 1024 * 1024, minSide: 256, maxSide: 4096 };

/** A checked image, or why it was refused (phrased for the user). */
export type ImageCheck = { readonly ok: true; readonly image: SourceImage } | { readonly ok: false; readonly message: string };

const MIB = 1024 * 1024;
const names = IMAGE_MIME_TYPES.map((t) => t.slice('image/'.length).toUpperCase()).join(', ');

/** Whether a declared content type (e.g. from a chat attachment) is one Veo takes. */
export function isAcceptedImageType(contentType: string | null | undefined): boolean {
  const bare = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return (IMAGE_MIME_TYPES as readonly string[]).includes(bare === 'image/jpg' ? 'image/jpeg' : bare);
}

/** The refusal for a file of the wrong type. */
export function wrongImageTypeMessage(what: string): string {
  return `The image must be ${names}; ${what} is not accepted.`;
}

/** The refusal for a file over the size cap. */
export function imageTooLargeMessage(sizeBytes: number, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): string {
  return `The image is ${(sizeBytes / MIB).toFixed(1)} MiB; the maximum is ${(limits.maxBytes / MIB).toFixed(0)} MiB.`;
}

/** Checks type (from the bytes), size and dimensions. Never throws. */
export function checkSourceImage(bytes: Uint8Array, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): ImageCheck {
  if (bytes.length > limits.maxBytes) return { ok: false, message: imageTooLargeMessage(bytes.length, limits) };
  const header = readImageHeader(bytes);
  if (!header) return { ok: false, message: wrongImageTypeMessage('this file') };
  const { width, height } = header;
  if (Math.min(width, height) < limits.minSide || Math.max(width, height) > limits.maxSide) {
    return { ok: false, message: `The image is ${width}×${height} pixels; each side must be from ${limits.minSide} to ${limits.maxSide} pixels.` };
  }
  return { ok: true, image: { bytes, ...header } };
}
