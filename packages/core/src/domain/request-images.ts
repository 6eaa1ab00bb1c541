import type { SourceImage } from './source-image.js';

/**
 * Every image a request is made from, exactly the bytes sent to Veo (and stored with the
 * request): the first frame (image-to-video), the last frame Veo interpolates towards, and
 * "asset" reference images of a subject Veo keeps in the video.
 */
export interface RequestImages {
  readonly first: SourceImage | null;
  readonly last: SourceImage | null;
  /** In the order the user gave them (Veo takes at most 3). */
  readonly references: readonly SourceImage[];
}

/** What a request's images are, without their bytes: what validation needs. */
export interface ImageShape {
  readonly first: boolean;
  readonly last: boolean;
  readonly references: number;
}

/** Where an image sits in a request, as stored (`ordinal` orders the reference images). */
export type ImageRole = 'first' | 'last' | 'reference';

/** One stored image of a request. */
export interface RoledImage {
  readonly role: ImageRole;
  readonly ordinal: number;
  readonly image: SourceImage;
}

/** A text-only request. */
export const NO_IMAGES: RequestImages = { first: null, last: null, references: [] };

/** Images with only a first frame (or none). */
export function firstFrameOnly(image: SourceImage | null | undefined): RequestImages {
  return { first: image ?? null, last: null, references: [] };
}

/** The shape of `images`. */
export function shapeOf(images: RequestImages): ImageShape {
  return { first: images.first !== null, last: images.last !== null, references: images.references.length };
}

/** How many images there are. */
export function imageCount(images: RequestImages): number {
  return (images.first ? 1 : 0) + (images.last ? 1 : 0) + images.references.length;
}

/** Whether the request has any image. */
export function hasImages(images: RequestImages | null | undefined): images is RequestImages {
  return images !== null && images !== undefined && imageCount(images) > 0;
}

/** The images as stored rows: first, last, then the references by ordinal. */
export function toRoledImages(images: RequestImages): RoledImage[] {
  return [
    ...(images.first ? [{ role: 'first' as const, ordinal: 0, image: images.first }] : []),
    ...(images.last ? [{ role: 'last' as const, ordinal: 0, image: images.last }] : []),
    ...images.references.map((image, ordinal) => ({ role: 'reference' as const, ordinal, image })),
  ];
}

/** Rebuilds the images from stored rows, in any order (references sorted by ordinal). */
export function fromRoledImages(rows: readonly RoledImage[]): RequestImages {
  const references = rows.filter((r) => r.role === 'reference').sort((a, b) => a.ordinal - b.ordinal).map((r) => r.image);
  return { first: rows.find((r) => r.role === 'first')?.image ?? null, last: rows.find((r) => r.role === 'last')?.image ?? null, references };
}
