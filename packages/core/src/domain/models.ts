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

/** Veo 3.1's extension limits (see {@link ExtensionLimits}). */
export const VEO31_EXTENSION: ExtensionLimits = { maxInputSeconds: 30, addsSeconds: 7 };

/**
 * When the built-in models and the retirements below were last checked against Google's pages:
 * https://docs.cloud.google.com/vertex-ai/generative-ai/docs/models/veo/3-1-generate (Veo 3.1 and
 * 3.1 Fast), .../models/veo/3-0-generate and .../models/veo/2-0-generate (the retirements).
 */
export const MODELS_CHECKED_ON = '2026-12-02';

const VEO31_SHAPE = {
  durations: [4, 6, 8],
  aspectRatios: ['16:9', '9:16'],
  resolutions: ['720p', '1080p'],
  audio: true,
  defaultDuration: 8,
  imageInput: true,
  extension: VEO31_EXTENSION,
} as const;

/**
 * The Veo models Vertex AI serves today (checked {@link MODELS_CHECKED_ON}), offered by default:
 * 4, 6 or 8 s, 16:9 or 9:16, 720p or 1080p, optional audio, text or one first-frame image.
 * Veo 3.1 Lite (released 2026-03-31) takes text and a single image — no last frame, no reference
 * images; Google's extension page lists it among the models that extend videos (2026-12-03). Lite's figures come from
 * sources quoting Google (its Vertex page could not be read on {@link MODELS_CHECKED_ON}); one says
 * the Gemini API renders 1080p only at 8 s. A refused combination fails with Vertex's message at $0,
 * and `VEO_MODEL_CATALOG` can redefine or add a model without a code change.
 */
export const VEO_MODELS: readonly ModelCapabilities[] = [
  { id: 'veo-3.1-generate-001', label: 'Veo 3.1', ...VEO31_SHAPE },
  { id: 'veo-3.1-fast-generate-001', label: 'Veo 3.1 Fast', ...VEO31_SHAPE },
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
