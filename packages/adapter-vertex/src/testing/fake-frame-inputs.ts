import { checkImageInput, type ReceivedImage } from './fake-image-input.js';

/** A reference image as the fake received it. */
export interface ReceivedReference extends ReceivedImage {
  /** As sent (`ASSET`; Vertex's own samples write `asset`). */
  readonly referenceType: string;
}

/** The images of a start (`instances[0]`), checked: what arrived, or why Vertex would refuse it. */
export type FrameInputsCheck =
  | { readonly ok: true; readonly image?: ReceivedImage; readonly lastFrame?: ReceivedImage; readonly referenceImages?: readonly ReceivedReference[] }
  | { readonly ok: false; readonly message: string };

/** What a start's instance may carry (the fields veo-bot sends). */
export interface FrameInstance {
  readonly image?: unknown;
  readonly lastFrame?: unknown;
  readonly referenceImages?: unknown;
  readonly video?: unknown;
}

/**
 * Models that take no last frame and no reference images. Veo 3.1 Lite: text and a single image
 * (checked 2026-12-03; see core's models.ts). Models the fake does not know are let through.
 */
const FIRST_FRAME_ONLY = /^veo-3\.1-lite-/;
const MAX_REFERENCES = 3;
/** Durations Veo makes with reference images (core's VEO31_REFERENCES). */
const REFERENCE_SECONDS = new Set([8]);

function refusal(message: string): FrameInputsCheck {
  return { ok: false, message };
}

/**
 * Checks `image`, `lastFrame` and `referenceImages` of a start the way Vertex does: each an inline
 * image whose bytes really are its type; a last frame only with a first frame; reference images
 * (at most 3, type ASSET — STYLE was a Veo 2 preview) never with `image`, `lastFrame` or `video`,
 * and only for 8 s; none of them on a model that takes a single image only.
 */
export function checkFrameInputs(model: string, instance: FrameInstance | undefined, parameters: Readonly<Record<string, unknown>>): FrameInputsCheck {
  const image = checkImageInput(instance?.image);
  if (!image.ok) return image;
  const last = checkImageInput(instance?.lastFrame);
  if (!last.ok) return refusal(`lastFrame: ${last.message}`);
  if (last.image && !image.image) return refusal('lastFrame is only supported together with image (a first frame).');
  const refs = instance?.referenceImages;
  if (refs !== undefined && (!Array.isArray(refs) || refs.length === 0)) return refusal('referenceImages must be a non-empty list.');
  if ((last.image || refs) && FIRST_FRAME_ONLY.test(model)) return refusal(`${model} does not support ${last.image ? 'lastFrame' : 'referenceImages'}.`);
  if (!refs) return { ok: true, ...(image.image ? { image: image.image } : {}), ...(last.image ? { lastFrame: last.image } : {}) };
  if (image.image || last.image || instance?.video !== undefined) return refusal('referenceImages cannot be combined with image, lastFrame or video.');
  if (refs.length > MAX_REFERENCES) return refusal(`At most ${MAX_REFERENCES} asset reference images are supported; got ${refs.length}.`);
  if (!REFERENCE_SECONDS.has(parameters['durationSeconds'] as number)) return refusal(`With referenceImages, durationSeconds must be ${[...REFERENCE_SECONDS].join(', ')}.`);
  const received: ReceivedReference[] = [];
  for (const [i, ref] of refs.entries()) {
    const { image: refImage, referenceType } = (ref ?? {}) as { image?: unknown; referenceType?: unknown };
    if (typeof referenceType !== 'string' || referenceType.toLowerCase() !== 'asset') {
      return refusal(`referenceImages[${i}].referenceType ${JSON.stringify(referenceType)} is not supported for this model; use asset.`);
    }
    const checked = checkImageInput(refImage);
    if (!checked.ok || !checked.image) return refusal(`referenceImages[${i}].image: ${checked.ok ? 'missing' : checked.message}`);
    received.push({ ...checked.image, referenceType });
  }
  return { ok: true, referenceImages: received };
}
