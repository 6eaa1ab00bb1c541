/** Aspect ratios Veo renders. */
export type AspectRatio = '16:9' | '9:16';
/** Output resolutions Veo renders. */
export type Resolution = '720p' | '1080p';

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
}

const VEO3_SHAPE = {
  durations: [4, 6, 8],
  aspectRatios: ['16:9', '9:16'],
  resolutions: ['720p', '1080p'],
  audio: true,
  defaultDuration: 8,
} as const;

/**
 * Veo models on Vertex AI as documented by Google (Veo 3.x: 4/6/8 s, 720p/1080p, audio;
 * Veo 2: 5–8 s, 720p, silent). Operators choose which of these the bot offers.
 */
export const VEO_MODELS: readonly ModelCapabilities[] = [
  { id: 'veo-3.1-generate-001', label: 'Veo 3.1', ...VEO3_SHAPE },
  { id: 'veo-3.1-fast-generate-001', label: 'Veo 3.1 Fast', ...VEO3_SHAPE },
  { id: 'veo-3.0-generate-001', label: 'Veo 3', ...VEO3_SHAPE },
  { id: 'veo-3.0-fast-generate-001', label: 'Veo 3 Fast', ...VEO3_SHAPE },
  {
    id: 'veo-2.0-generate-001',
    label: 'Veo 2',
    durations: [5, 6, 7, 8],
    aspectRatios: ['16:9', '9:16'],
    resolutions: ['720p'],
    audio: false,
    defaultDuration: 8,
  },
];

/** The model used when the operator configures none. */
export const DEFAULT_MODEL_ID = 'veo-3.1-generate-001';

/** Finds a model's capabilities by id among `models` (default: every known Veo model). */
export function findModel(id: string, models: readonly ModelCapabilities[] = VEO_MODELS): ModelCapabilities | undefined {
  return models.find((m) => m.id === id);
}
