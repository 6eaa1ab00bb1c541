/** Aspect ratios Veo renders. */
export type AspectRatio = '16:9' | '9:16';
/** Output resolutions Veo renders. */
export type Resolution = '720p' | '1080p';

/** Every aspect ratio and resolution the bot knows how to ask for (catalog entries are checked against these). */
export const ASPECT_RATIOS: readonly AspectRatio[] = ['16:9', '9:16'];
export const RESOLUTIONS: readonly Resolution[] = ['720p', '1080p'];

/** What one Veo model accepts; validation and the /veo choices are built from it. */
export interface ModelCapabilities {
  /** Vertex model id, e.g. `veo-3.1-generate-001`. */
  readonly id: string;
  /** Short human label for menus. */
  readonly label: string;
  readonly durations: readonly number[];
  readonly aspectRatios: readonly AspectRatio[];
  readonly resolutions: readonly Resolution[];
  /** Whether the model can generate an audio track. */
  readonly audio: boolean;
  readonly defaultDuration: number;
  /** Whether the model takes a first-frame image (image-to-video); absent means yes (every built-in model does). */
  readonly imageInput?: boolean;
  /** Whether the model also takes a last frame to interpolate towards (needs a first frame); absent: no. */
  readonly lastFrame?: boolean;
  /** Whether and how the model takes "asset" reference images; absent: it does not. */
  readonly referenceImages?: ReferenceImageLimits;
  /** Whether and how the model extends a video it made (Extend); absent: it does not. */
  readonly extension?: ExtensionLimits;
}

/**
 * What Veo's video extension accepts. Checked 2026-12-03 on Google's "Extend Veo videos" page
 * (docs.cloud.google.com/gemini-enterprise-agent-platform/models/video/extend-a-veo-video, formerly
 * cloud.google.com/vertex-ai/generative-ai/docs/video/extend-a-veo-video): Veo-generated input
 * videos of 1–30 s; models veo-3.1-generate-001, veo-3.1-fast-generate-001, veo-3.1-lite-generate-001
 * (and previews). Each extension adds 7 s (Google's Gemini API video guide, ai.google.dev/gemini-api/docs/video,
 * and every relay of the Vertex endpoint read the same day; the Vertex page names no figure), and
 * Google fixes that length: no `durationSeconds` is sent with an extension.
 */
export interface ExtensionLimits {
  /** Longest video (seconds) Google extends. */
  readonly maxInputSeconds: number;
  /** Seconds one extension adds (what is generated, and billed). */
  readonly addsSeconds: number;
}

/**
 * What Veo takes as "asset" reference images (`referenceImages` with `referenceType` ASSET: up to
 * three images of one person, character or product whose look Veo keeps). Checked 2026-12-03:
 * Google's "Use reference images" page (docs.cloud.google.com/gemini-enterprise-agent-platform/models/video/generate-videos-from-references,
 * formerly cloud.google.com/vertex-ai/generative-ai/docs/video/use-reference-images-to-guide-video-generation)
 * lists veo-3.1-generate-001 and veo-3.1-fast-generate-001, up to three asset images; STYLE
 * images only ever worked on the veo-2.0-generate-exp preview (retired with Veo 2), so none is
 * offered. The @google/genai 2.32 types (`GenerateVideosConfig.referenceImages`): a prompt is
 * required, and `image`, `video` and `lastFrame` are not supported with them. Google's pages read
 * that day name no duration; every relay of the same endpoint (fal, Creatify, WaveSpeed) makes
 * reference videos of 8 s only, so 8 s is all that is offered.
 */
export interface ReferenceImageLimits {
  /** Most reference images in one request. */
  readonly max: number;
  /** The lengths (seconds) a video with reference images may have: a subset of the model's durations. */
  readonly durations: readonly number[];
}

/** Veo 3.1's reference-image limits (see {@link ReferenceImageLimits}). */
export const VEO31_REFERENCES: ReferenceImageLimits = { max: 3, durations: [8] };

/** Veo 3.1's extension limits (see {@link ExtensionLimits}). */
export const VEO31_EXTENSION: ExtensionLimits = { maxInputSeconds: 30, addsSeconds: 7 };

/**
 * When the built-in models and the retirements below were last checked against Google's pages:
 * https://docs.cloud.google.com/vertex-ai/generative-ai/docs/models/veo/3-1-generate (Veo 3.1 and
 * 3.1 Fast), .../models/veo/3-0-generate and .../models/veo/2-0-generate (the retirements).
 */
export const MODELS_CHECKED_ON = '2026-12-02';

/**
 * When the image inputs (first frame, last frame, reference images) were last checked:
 * https://docs.cloud.google.com/gemini-enterprise-agent-platform/models/veo/3-1-generate (Veo 3.1:
 * "Text to video, image to video, from first and last frame: Supported", "Use reference images:
 * Asset images Supported"), the reference-images page above ({@link ReferenceImageLimits}) and the
 * "first and last frames" page (docs.cloud.google.com/vertex-ai/generative-ai/docs/video/generate-videos-from-first-and-last-frames);
 * a last frame needs a first frame (`lastFrame`: "only supported for image to video", @google/genai 2.32).
 */
export const IMAGE_INPUTS_CHECKED_ON = '2026-12-03';

const VEO31_SHAPE = {
  durations: [4, 6, 8],
  aspectRatios: ['16:9', '9:16'],
  resolutions: ['720p', '1080p'],
  audio: true,
  defaultDuration: 8,
  imageInput: true,
  extension: VEO31_EXTENSION,
} as const;
const FRAMES_AND_REFERENCES = { lastFrame: true, referenceImages: VEO31_REFERENCES } as const;

/**
 * The Veo models Vertex AI serves today (checked {@link MODELS_CHECKED_ON}), offered by default:
 * 4, 6 or 8 s, 16:9 or 9:16, 720p or 1080p, optional audio, text or one first-frame image.
 * Veo 3.1 and 3.1 Fast also take a last frame or up to three asset reference images (checked
 * {@link IMAGE_INPUTS_CHECKED_ON}: Google's reference-images page lists both models; Fast's last
 * frame is on the same 3.1 model page, as a section of its own, and in every relay read that day).
 * Veo 3.1 Lite (released 2026-03-31) takes text and a single image — no last frame, no reference
 * images (sources quoting Google, 2026-12-03; one relay, WaveSpeed, offers a Lite "start-end" mode:
 * not offered here until Google's own page says so); Google's extension page lists it among the models that extend videos (2026-12-03). Lite's figures come from
 * sources quoting Google (its Vertex page could not be read on {@link MODELS_CHECKED_ON}); one says
 * the Gemini API renders 1080p only at 8 s. A refused combination fails with Vertex's message at $0,
 * and `VEO_MODEL_CATALOG` can redefine or add a model without a code change.
 */
export const VEO_MODELS: readonly ModelCapabilities[] = [
  { id: 'veo-3.1-generate-001', label: 'Veo 3.1', ...VEO31_SHAPE, ...FRAMES_AND_REFERENCES },
  { id: 'veo-3.1-fast-generate-001', label: 'Veo 3.1 Fast', ...VEO31_SHAPE, ...FRAMES_AND_REFERENCES },
  { id: 'veo-3.1-lite-generate-001', label: 'Veo 3.1 Lite', ...VEO31_SHAPE },
];

/** A model Google no longer serves, and the one Google's migration table names instead. */
export interface RetiredModel {
  readonly id: string;
  readonly label: string;
  /** ISO date Google retired it. */
  readonly retiredOn: string;
  /** The model to use instead (Google's recommended migration). */
  readonly replacement: string;
}

/**
 * Retired by Google on 2026-06-30 ("Retirement date: June 30, 2026" and the migration table on
 * https://docs.cloud.google.com/vertex-ai/generative-ai/docs/models/veo/3-0-generate and
 * .../models/veo/2-0-generate, checked {@link MODELS_CHECKED_ON}). Requests stored with one of
 * them are never sent to Google again: resume fails them by name, Retry and Again use the replacement.
 */
export const RETIRED_MODELS: readonly RetiredModel[] = [
  { id: 'veo-3.0-generate-001', label: 'Veo 3', retiredOn: '2026-06-30', replacement: 'veo-3.1-generate-001' },
  { id: 'veo-3.0-fast-generate-001', label: 'Veo 3 Fast', retiredOn: '2026-06-30', replacement: 'veo-3.1-fast-generate-001' },
  { id: 'veo-2.0-generate-001', label: 'Veo 2', retiredOn: '2026-06-30', replacement: 'veo-3.1-generate-001' },
];

/** The model used when the operator configures none. */
export const DEFAULT_MODEL_ID = 'veo-3.1-generate-001';

/** Finds a model's capabilities by id among `models` (default: the built-in Veo models). */
export function findModel(id: string, models: readonly ModelCapabilities[] = VEO_MODELS): ModelCapabilities | undefined {
  return models.find((m) => m.id === id);
}

/** The retirement record of `id`, if Google retired it. */
export function retiredModel(id: string): RetiredModel | undefined {
  return RETIRED_MODELS.find((m) => m.id === id);
}

/** A label for any model id a stored request may carry: offered, built-in, retired, or just the id. */
export function modelLabel(id: string, models: readonly ModelCapabilities[] = VEO_MODELS): string {
  return findModel(id, models)?.label ?? findModel(id)?.label ?? retiredModel(id)?.label ?? id;
}

/** Whether `model` takes a first-frame image. */
export function acceptsImage(model: ModelCapabilities): boolean {
  return model.imageInput !== false;
}

/** Whether `model` takes a last frame (with a first frame). */
export function acceptsLastFrame(model: ModelCapabilities): boolean {
  return acceptsImage(model) && model.lastFrame === true;
}

/** How many reference images `model` takes (0: none). */
export function maxReferenceImages(model: ModelCapabilities): number {
  return model.referenceImages?.max ?? 0;
}
