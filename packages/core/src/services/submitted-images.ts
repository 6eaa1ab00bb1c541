import type { ValidationIssue } from '../domain/generation-options.js';
import type { ImageShape, RequestImages } from '../domain/request-images.js';
import { type ImageLimits, type SourceImage, checkSourceImage } from '../domain/source-image.js';
import type { SubmitInput } from '../use-cases/results.js';

/** A submit's images, checked one by one from their bytes. */
export interface SubmittedImages {
  /** The images that passed (those that did not are in `issues`). */
  readonly images: RequestImages;
  /** What was given, whether or not it passed: what the model's image rules are checked against. */
  readonly shape: ImageShape;
  readonly issues: readonly ValidationIssue[];
}

/**
 * Checks every image of a `/veo` (type from the header, size, dimensions), each refusal naming
 * which image it is about ("The last frame: …", "Reference image 2: …"). Pure.
 */
export function checkSubmittedImages(input: Pick<SubmitInput, 'image' | 'lastImage' | 'referenceImages'>, limits?: ImageLimits): SubmittedImages {
  const issues: ValidationIssue[] = [];
  const check = (bytes: Uint8Array | null | undefined, field: ValidationIssue['field'], label: string | null): SourceImage | null => {
    if (!bytes) return null;
    const checked = checkSourceImage(bytes, limits);
    if (checked.ok) return checked.image;
    issues.push({ field, message: label ? `${label}: ${checked.message}` : checked.message });
    return null;
  };
  const refs = input.referenceImages ?? [];
  const first = check(input.image, 'image', null);
  const last = check(input.lastImage, 'lastImage', 'The last frame');
  const references = refs.map((bytes, i) => check(bytes, 'referenceImages', `Reference image ${i + 1}`)).filter((r): r is SourceImage => r !== null);
  const shape = { first: Boolean(input.image), last: Boolean(input.lastImage), references: refs.length };
  return { images: { first, last, references }, shape, issues };
}
