import { type AspectRatio, type ModelCapabilities, type Resolution, findModel } from './models.js';
import { imageInputIssues } from './image-inputs.js';
import type { ImageShape } from './request-images.js';
import { type PersonGeneration, PERSON_GENERATION_VALUES, isPersonGeneration, morePermissive } from './person-generation.js';

/** Longest prompt accepted (Veo's limit is ~1,024 tokens; 2,000 characters stays below it). */
export const MAX_PROMPT_LENGTH = 2000;
/** Longest negative prompt accepted. */
export const MAX_NEGATIVE_PROMPT_LENGTH = 1000;

/** Validated parameters of one generation, exactly what is stored and sent to Veo. */
export interface GenerationParams {
  readonly prompt: string;
  readonly model: string;
  readonly durationSeconds: number;
  readonly aspectRatio: AspectRatio;
  readonly resolution: Resolution;
  readonly generateAudio: boolean;
  readonly negativePrompt: string | null;
  readonly seed: number | null;
  /** Vertex's `personGeneration`; null: not sent (Google's default, adults only). Set by the operator and the server, never by the user. */
  readonly personGeneration: PersonGeneration | null;
  /**
   * Extend: the Cloud Storage URI (`gs://…`) of the Veo video this request continues; null for a
   * new video. With it, `durationSeconds` is what the extension adds (the model's fixed length).
   */
  readonly sourceVideoUri: string | null;
}

/** Options as a user typed them: anything may be missing or wrong. */
export interface RawGenerationOptions {
  readonly prompt?: unknown;
  readonly model?: unknown;
  readonly durationSeconds?: unknown;
  readonly aspectRatio?: unknown;
  readonly resolution?: unknown;
  readonly generateAudio?: unknown;
  readonly negativePrompt?: unknown;
  readonly seed?: unknown;
  readonly personGeneration?: unknown;
  readonly sourceVideoUri?: unknown;
  /** The images the request comes with (not typed by the user: what was attached); absent: none. */
  readonly images?: ImageShape;
}

/** One problem with one option, phrased for the user who typed it. */
export interface ValidationIssue {
  /** The option at fault; `image`, `lastImage`, `referenceImages` for the images a video is made from. */
  readonly field: Exclude<keyof RawGenerationOptions, 'images'> | 'image' | 'lastImage' | 'referenceImages';
  readonly message: string;
}

/** Result of validation: the clean parameters, or every problem found. */
export type ValidationResult =
  | { readonly ok: true; readonly value: GenerationParams }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Which models are offered and which one applies when the user names none. */
export interface ModelPolicy {
  readonly models: readonly ModelCapabilities[];
  readonly defaultModel: string;
  /**
   * The operator's `personGeneration` (`VEO_PERSON_GENERATION`): applied to every request, and the
   * most a server may allow; absent: not sent (Google's default).
   */
  readonly personGeneration?: PersonGeneration | null;
}

const list = (values: readonly unknown[]) => values.map(String).join(', ');

/**
 * Validates user options against the chosen model's allowed values.
 * Never throws: every problem becomes a {@link ValidationIssue}.
 */
export function validateGenerationOptions(raw: RawGenerationOptions, policy: ModelPolicy): ValidationResult {
  const issues: ValidationIssue[] = [];
  const prompt = typeof raw.prompt === 'string' ? raw.prompt.trim() : '';
  if (prompt.length === 0) issues.push({ field: 'prompt', message: 'The prompt must not be empty.' });
  else if (prompt.length > MAX_PROMPT_LENGTH)
    issues.push({ field: 'prompt', message: `The prompt is ${prompt.length} characters; the maximum is ${MAX_PROMPT_LENGTH}.` });

  const modelId = raw.model === undefined || raw.model === null ? policy.defaultModel : String(raw.model);
  const model = findModel(modelId, policy.models);
  if (!model) {
    issues.push({ field: 'model', message: `Model "${modelId}" is not offered here. Allowed: ${list(policy.models.map((m) => m.id))}.` });
    return { ok: false, issues };
  }

  const source = raw.sourceVideoUri === undefined || raw.sourceVideoUri === null ? null : raw.sourceVideoUri;
  const extension = model.extension;
  if (source !== null && (typeof source !== 'string' || !/^gs:\/\/[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]\/.+\.mp4$/i.test(source)))
    issues.push({ field: 'sourceVideoUri', message: 'The video to extend must be a Veo video in Cloud Storage (gs://…/….mp4).' });
  else if (source !== null && !extension) issues.push({ field: 'sourceVideoUri', message: `${model.label} cannot extend videos.` });
  const images = raw.images ?? { first: false, last: false, references: 0 };
  const referenceDefault = images.references > 0 ? model.referenceImages?.durations.at(-1) : undefined;
  const duration = raw.durationSeconds ?? (source !== null && extension ? extension.addsSeconds : referenceDefault ?? model.defaultDuration);
  if (source !== null && extension) {
    if (duration !== extension.addsSeconds) issues.push({ field: 'durationSeconds', message: `An extension adds ${extension.addsSeconds} seconds; its length cannot be chosen.` });
  } else if (typeof duration !== 'number' || !model.durations.includes(duration))
    issues.push({ field: 'durationSeconds', message: `Duration must be one of ${list(model.durations)} seconds for ${model.label}.` });

  issues.push(...imageInputIssues(model, images, { durationSeconds: duration, extending: source !== null }));

  const aspectRatio = raw.aspectRatio ?? model.aspectRatios[0];
  if (!model.aspectRatios.includes(aspectRatio as AspectRatio))
    issues.push({ field: 'aspectRatio', message: `Aspect ratio must be one of ${list(model.aspectRatios)}.` });

  const resolution = raw.resolution ?? model.resolutions[0];
  if (!model.resolutions.includes(resolution as Resolution))
    issues.push({ field: 'resolution', message: `Resolution must be one of ${list(model.resolutions)} for ${model.label}.` });

  const generateAudio = raw.generateAudio ?? model.audio;
  if (typeof generateAudio !== 'boolean') issues.push({ field: 'generateAudio', message: 'Audio must be true or false.' });
  else if (generateAudio && !model.audio) issues.push({ field: 'generateAudio', message: `${model.label} cannot generate audio.` });

  const negativePrompt = raw.negativePrompt === undefined || raw.negativePrompt === null ? null : raw.negativePrompt;
  if (negativePrompt !== null && (typeof negativePrompt !== 'string' || negativePrompt.length > MAX_NEGATIVE_PROMPT_LENGTH))
    issues.push({ field: 'negativePrompt', message: `The negative prompt must be text of at most ${MAX_NEGATIVE_PROMPT_LENGTH} characters.` });

  const seed = raw.seed === undefined || raw.seed === null ? null : raw.seed;
  if (seed !== null && (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 4_294_967_295))
    issues.push({ field: 'seed', message: 'The seed must be a whole number from 0 to 4294967295.' });

  const ceiling = policy.personGeneration ?? null;
  const person = raw.personGeneration === undefined || raw.personGeneration === null ? ceiling : raw.personGeneration;
  if (person !== null && !isPersonGeneration(person))
    issues.push({ field: 'personGeneration', message: `People in videos must be one of ${list(PERSON_GENERATION_VALUES)}.` });
  else if (policy.personGeneration !== undefined && morePermissive(person, ceiling))
    issues.push({ field: 'personGeneration', message: `This bot allows people in videos at most as "${ceiling ?? 'allow_adult'}".` });

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      prompt,
      model: model.id,
      durationSeconds: duration as number,
      aspectRatio: aspectRatio as AspectRatio,
      resolution: resolution as Resolution,
      generateAudio: generateAudio as boolean,
      negativePrompt: negativePrompt === null ? null : (negativePrompt as string).trim() || null,
      seed: seed as number | null,
      personGeneration: person as PersonGeneration | null,
      sourceVideoUri: source as string | null,
    },
  };
}
