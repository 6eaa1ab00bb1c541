import { ASPECT_RATIOS, type AspectRatio, type ExtensionLimits, type ModelCapabilities, RESOLUTIONS, type ReferenceImageLimits, type Resolution, retiredModel } from './models.js';
import { MAX_PRICE_PER_SECOND_USD, type ModelPrice, type PriceTable, type SecondPrice } from './pricing.js';

/**
 * One operator-declared model, as written in `VEO_MODEL_CATALOG` (JSON). Example:
 * `{ "id": "veo-3.2-generate-001", "label": "Veo 3.2", "durations": [4, 6, 8], "aspectRatios": ["16:9", "9:16"],
 *    "resolutions": ["720p", "1080p"], "audio": true, "imageInput": true,
 *    "pricePerSecond": { "720p": { "withAudio": 0.4, "withoutAudio": 0.2 }, "1080p": { "withAudio": 0.4, "withoutAudio": 0.2 } } }`
 */
export interface CatalogEntry {
  readonly id: string;
  readonly label: string;
  readonly durations: readonly number[];
  /** Optional; default: the longest duration. */
  readonly defaultDuration?: number;
  readonly aspectRatios: readonly AspectRatio[];
  readonly resolutions: readonly Resolution[];
  readonly audio: boolean;
  readonly imageInput: boolean;
  /** Optional (default false): the model also takes a last frame with the first (needs `imageInput`). */
  readonly lastFrame?: boolean;
  /** Optional (default none): asset reference images, e.g. `{ "max": 3, "durations": [8] }` (at most 3, durations among its own). */
  readonly referenceImages?: { readonly max: number; readonly durations: readonly number[] };
  /** Optional (default none): the model extends its videos, e.g. `{ "maxInputSeconds": 30, "addsSeconds": 7 }` (Veo 3.1's). */
  readonly extension?: { readonly maxInputSeconds: number; readonly addsSeconds: number };
  /** USD per second of video, for every listed resolution; `withAudio` required when `audio` is true. */
  readonly pricePerSecond: Readonly<Partial<Record<Resolution, SecondPrice>>>;
}

/** The models and prices a catalog declares. */
export interface ModelCatalog {
  readonly models: readonly ModelCapabilities[];
  readonly prices: PriceTable;
}

/** A parsed catalog, or every problem found (each names the entry and the field). */
export type CatalogResult = { readonly ok: true; readonly catalog: ModelCatalog } | { readonly ok: false; readonly problems: readonly string[] };

/** Model ids go into a URL path (`…/models/{id}:predictLongRunning`): keep them plain. */
const MODEL_ID = /^[a-z0-9][a-z0-9._-]{1,99}$/;
const MAX_DURATION_SECONDS = 60;
const FIELDS = new Set(['id', 'label', 'durations', 'defaultDuration', 'aspectRatios', 'resolutions', 'audio', 'imageInput', 'lastFrame', 'referenceImages', 'extension', 'pricePerSecond']);
/** Veo takes at most three asset reference images (see `ReferenceImageLimits`). */
const MAX_REFERENCE_IMAGES = 3;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrice = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_PRICE_PER_SECOND_USD;
const priceRule = `a number of USD per second from 0 to ${MAX_PRICE_PER_SECOND_USD}`;

function listOf<T extends string>(value: unknown, allowed: readonly T[], where: string, problems: string[]): T[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => allowed.includes(v as T)) || new Set(value).size !== value.length) {
    problems.push(`${where} must be a non-empty list of distinct values from ${allowed.join(', ')}`);
    return [];
  }
  return value as T[];
}

function priceOf(value: unknown, where: string, audio: boolean, problems: string[]): SecondPrice | null {
  if (!isObject(value)) {
    problems.push(`${where} must be an object like { "withAudio": 0.4, "withoutAudio": 0.2 }`);
    return null;
  }
  const before = problems.length;
  if (!isPrice(value.withoutAudio)) problems.push(`${where}.withoutAudio must be ${priceRule}`);
  if (audio && !isPrice(value.withAudio)) problems.push(`${where}.withAudio must be ${priceRule} (the model makes audio)`);
  if (!audio && value.withAudio !== undefined) problems.push(`${where}.withAudio must be left out: the model has no audio`);
  if (problems.length > before) return null;
  return audio ? { withoutAudio: value.withoutAudio as number, withAudio: value.withAudio as number } : { withoutAudio: value.withoutAudio as number };
}

/** The optional image inputs past the first frame: `lastFrame` and `referenceImages`. */
function imageInputsOf(raw: Record<string, unknown>, at: string, durations: readonly number[], problems: string[]): Pick<ModelCapabilities, 'lastFrame' | 'referenceImages'> {
  const out: { lastFrame?: boolean; referenceImages?: ReferenceImageLimits } = {};
  if (raw.lastFrame !== undefined) {
    if (typeof raw.lastFrame !== 'boolean') problems.push(`${at}.lastFrame must be true or false`);
    else if (raw.lastFrame && raw.imageInput === false) problems.push(`${at}.lastFrame needs imageInput: true (a last frame goes with a first frame)`);
    else out.lastFrame = raw.lastFrame;
  }
  const refs = raw.referenceImages;
  if (refs === undefined) return out;
  if (!isObject(refs)) {
    problems.push(`${at}.referenceImages must be an object like { "max": 3, "durations": [8] }`);
    return out;
  }
  for (const key of Object.keys(refs)) if (key !== 'max' && key !== 'durations') problems.push(`${at}.referenceImages.${key} is not a field (allowed: max, durations)`);
  const max = refs.max;
  if (!Number.isInteger(max) || (max as number) < 1 || (max as number) > MAX_REFERENCE_IMAGES) problems.push(`${at}.referenceImages.max must be a whole number from 1 to ${MAX_REFERENCE_IMAGES} (Veo takes at most ${MAX_REFERENCE_IMAGES} asset images)`);
  const list = refs.durations;
  if (!Array.isArray(list) || list.length === 0 || !list.every((d) => durations.includes(d as number)) || new Set(list).size !== list.length) {
    problems.push(`${at}.referenceImages.durations must be a non-empty list of distinct values from its durations (${durations.join(', ')})`);
  } else if (Number.isInteger(max)) out.referenceImages = { max: max as number, durations: [...(list as number[])].sort((a, b) => a - b) };
  return out;
}

/** The optional `extension`: how long a video it extends may be and how many seconds it adds (each 1–60 s). */
function extensionOf(raw: Record<string, unknown>, at: string, problems: string[]): Pick<ModelCapabilities, 'extension'> {
  const value = raw.extension;
  if (value === undefined) return {};
  const example = 'an object like { "maxInputSeconds": 30, "addsSeconds": 7 }';
  if (!isObject(value)) return (problems.push(`${at}.extension must be ${example}`), {});
  const before = problems.length;
  for (const key of Object.keys(value)) if (key !== 'maxInputSeconds' && key !== 'addsSeconds') problems.push(`${at}.extension.${key} is not a field (allowed: maxInputSeconds, addsSeconds)`);
  const seconds = (key: 'maxInputSeconds' | 'addsSeconds') => {
    const n = value[key];
    if (Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_DURATION_SECONDS) return n as number;
    problems.push(`${at}.extension.${key} must be a whole number of seconds from 1 to ${MAX_DURATION_SECONDS}`);
    return 0;
  };
  const extension: ExtensionLimits = { maxInputSeconds: seconds('maxInputSeconds'), addsSeconds: seconds('addsSeconds') };
  return problems.length > before ? {} : { extension };
}

function entryOf(raw: unknown, index: number, problems: string[]): { model: ModelCapabilities; price: ModelPrice } | null {
  if (!isObject(raw)) {
    problems.push(`models[${index}] must be an object`);
    return null;
  }
  const id = typeof raw.id === 'string' ? raw.id : '';
  const at = id ? `models[${index}] (${id})` : `models[${index}]`;
  const before = problems.length;
  if (!MODEL_ID.test(id)) problems.push(`${at}.id must be a Vertex model id such as veo-3.2-generate-001 (lower-case letters, digits, . _ -)`);
  const retired = retiredModel(id);
  if (retired) problems.push(`${at}: ${id} was retired by Google on ${retired.retiredOn}; use ${retired.replacement}`);
  for (const key of Object.keys(raw)) if (!FIELDS.has(key)) problems.push(`${at}.${key} is not a catalog field (allowed: ${[...FIELDS].join(', ')})`);
  if (typeof raw.label !== 'string' || raw.label.trim().length === 0 || raw.label.length > 50) problems.push(`${at}.label must be text of 1 to 50 characters`);
  const durations = Array.isArray(raw.durations) && raw.durations.length > 0 && raw.durations.every((d) => Number.isInteger(d) && (d as number) >= 1 && (d as number) <= MAX_DURATION_SECONDS) && new Set(raw.durations).size === raw.durations.length
    ? [...(raw.durations as number[])].sort((a, b) => a - b)
    : (problems.push(`${at}.durations must be a non-empty list of distinct whole seconds from 1 to ${MAX_DURATION_SECONDS}`), []);
  const defaultDuration = raw.defaultDuration === undefined ? durations[durations.length - 1] : raw.defaultDuration;
  if (durations.length > 0 && !durations.includes(defaultDuration as number)) problems.push(`${at}.defaultDuration must be one of its durations (${durations.join(', ')})`);
  const aspectRatios = listOf(raw.aspectRatios, ASPECT_RATIOS, `${at}.aspectRatios`, problems);
  const resolutions = listOf(raw.resolutions, RESOLUTIONS, `${at}.resolutions`, problems);
  if (typeof raw.audio !== 'boolean') problems.push(`${at}.audio must be true or false`);
  if (typeof raw.imageInput !== 'boolean') problems.push(`${at}.imageInput must be true or false`);
  const audio = raw.audio === true;
  const inputs = { ...imageInputsOf(raw, at, durations, problems), ...extensionOf(raw, at, problems) };
  const byResolution: Partial<Record<Resolution, SecondPrice>> = {};
  if (!isObject(raw.pricePerSecond)) problems.push(`${at}.pricePerSecond must be an object with a price for each resolution, e.g. { "720p": { "withAudio": 0.4, "withoutAudio": 0.2 } }`);
  else {
    for (const resolution of resolutions) {
      const price = priceOf(raw.pricePerSecond[resolution], `${at}.pricePerSecond.${resolution}`, audio, problems);
      if (price) byResolution[resolution] = price;
    }
    for (const key of Object.keys(raw.pricePerSecond)) if (!resolutions.includes(key as Resolution)) problems.push(`${at}.pricePerSecond.${key} is not one of its resolutions (${resolutions.join(', ')})`);
  }
  if (problems.length > before) return null;
  const model: ModelCapabilities = { id, label: (raw.label as string).trim(), durations, aspectRatios, resolutions, audio, defaultDuration: defaultDuration as number, imageInput: raw.imageInput as boolean, ...inputs };
  const base = byResolution[resolutions[0] as Resolution] as SecondPrice;
  return { model, price: { ...base, byResolution } };
}

/**
 * Reads an operator's model catalog (`VEO_MODEL_CATALOG`, parsed JSON): a list of
 * {@link CatalogEntry}, or `{ "models": [...] }`. Every problem is reported, each naming its
 * entry and field; a retired id is refused with its replacement. An entry may redefine a
 * built-in model (when Google changes one before a release of this bot does). Pure.
 */
export function parseModelCatalog(input: unknown): CatalogResult {
  const list = Array.isArray(input) ? input : isObject(input) && Array.isArray(input.models) ? input.models : null;
  if (!list) return { ok: false, problems: ['must be a JSON list of models, or { "models": [...] }'] };
  if (list.length === 0) return { ok: false, problems: ['declares no model'] };
  const problems: string[] = [];
  const models: ModelCapabilities[] = [];
  const prices: Record<string, ModelPrice> = {};
  list.forEach((raw, index) => {
    const entry = entryOf(raw, index, problems);
    if (!entry) return;
    if (prices[entry.model.id]) {
      problems.push(`models[${index}] (${entry.model.id}): declared twice`);
      return;
    }
    models.push(entry.model);
    prices[entry.model.id] = entry.price;
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, catalog: { models, prices } };
}
