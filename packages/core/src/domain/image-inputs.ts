import { type ModelCapabilities, acceptsImage, acceptsLastFrame, maxReferenceImages } from './models.js';
import type { ImageShape } from './request-images.js';

/** One problem with a request's images, phrased for the user (the option at fault in `field`). */
export interface ImageInputIssue {
  readonly field: 'image' | 'lastImage' | 'referenceImages';
  readonly message: string;
}

/** What else the image rules depend on. */
export interface ImageInputContext {
  /** The duration asked for (or defaulted to). */
  readonly durationSeconds: unknown;
  /** Whether the request extends a video (Extend): Veo takes no image with it. */
  readonly extending: boolean;
}

/** The image inputs `model` takes, for a refusal: "a first frame, a last frame with it, or up to 3 reference images". */
export function describeImageInputs(model: ModelCapabilities): string {
  if (!acceptsImage(model)) return `${model.label} makes videos from text only`;
  const refs = maxReferenceImages(model);
  const parts = ['a first frame', ...(acceptsLastFrame(model) ? ['a last frame with it'] : []), ...(refs > 0 ? [`or up to ${refs} reference images`] : [])];
  return `${model.label} takes ${parts.join(', ')}`;
}

/** Whether `model` takes images of this shape at all (whatever the duration). */
export function acceptsImageShape(model: ModelCapabilities, shape: ImageShape): boolean {
  if (shape.first && !acceptsImage(model)) return false;
  if (shape.last && !acceptsLastFrame(model)) return false;
  return shape.references <= maxReferenceImages(model);
}

/**
 * The image rules of Veo on Vertex AI, checked before anything is stored or sent: a last frame
 * needs a first frame; reference images go alone (Veo takes no first or last frame and no video
 * with them) and only at the lengths the model makes them; each input only where the model
 * takes it. Never throws; an empty list when the images may go.
 */
export function imageInputIssues(model: ModelCapabilities, shape: ImageShape, context: ImageInputContext): ImageInputIssue[] {
  const issues: ImageInputIssue[] = [];
  const allows = describeImageInputs(model);
  if (shape.first && !acceptsImage(model)) issues.push({ field: 'image', message: `${allows}; leave out the image or choose another model.` });
  if (shape.last && !shape.first) issues.push({ field: 'lastImage', message: 'A last frame needs a first frame: add `image` too (Veo interpolates from the first frame to the last).' });
  else if (shape.last && acceptsImage(model) && !acceptsLastFrame(model)) issues.push({ field: 'lastImage', message: `${allows}; it takes no last frame. Leave out \`last_image\` or choose another model.` });
  if (shape.references === 0) {
    if (context.extending && (shape.first || shape.last)) issues.push({ field: 'image', message: 'An extension continues the video itself; it takes no image.' });
    return issues;
  }
  const refs = model.referenceImages;
  if (!refs) {
    issues.push({ field: 'referenceImages', message: `${allows}; it takes no reference images. Leave them out or choose another model.` });
    return issues;
  }
  if (shape.references > refs.max) issues.push({ field: 'referenceImages', message: `${model.label} takes at most ${refs.max} reference images; ${shape.references} were given.` });
  if (shape.first || shape.last) issues.push({ field: 'referenceImages', message: 'Reference images cannot be combined with `image` or `last_image`: Veo takes either frames or reference images.' });
  if (context.extending) issues.push({ field: 'referenceImages', message: 'An extension continues the video itself; it takes no reference images.' });
  if (!refs.durations.includes(context.durationSeconds as number)) {
    issues.push({ field: 'referenceImages', message: `With reference images, ${model.label} makes videos of ${refs.durations.join(', ')} seconds only.` });
  }
  return issues;
}
