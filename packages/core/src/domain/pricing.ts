import { ConfigurationError } from './errors.js';
import type { GenerationParams } from './generation-options.js';
import type { ModelCapabilities, Resolution } from './models.js';

/** USD per second of generated video, with and without an audio track. */
export interface SecondPrice {
  readonly withoutAudio: number;
  /** Absent for models that cannot make audio. */
  readonly withAudio?: number;
}

/** One model's price; `byResolution` overrides the base price where Google prices a resolution apart. */
export interface ModelPrice extends SecondPrice {
  readonly byResolution?: Readonly<Partial<Record<Resolution, SecondPrice>>>;
}

/** Prices by Vertex model id. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** Highest per-second price accepted from configuration; anything above is a typo. */
export const MAX_PRICE_PER_SECOND_USD = 100;

/** The date Google's figures in {@link DEFAULT_PRICES} were taken from (see the README). */
export const DEFAULT_PRICES_AS_OF = '2025-09-09';

/** When {@link DEFAULT_PRICES} were last compared with the sources named there. */
export const DEFAULT_PRICES_CHECKED_ON = '2026-12-02';

/**
 * Vertex AI list prices for Veo, USD per second of output video. Veo 3.1 and 3.1 Fast: the
 * figures of https://cloud.google.com/vertex-ai/generative-ai/pricing (Veo section) after
 * Google's price change of 2025-09-09 — $0.40 with audio / $0.20 video only, Fast $0.15 / $0.10,
 * 720p and 1080p alike. Veo 3.1 Lite (released 2026-03-31) is priced by resolution: 720p $0.05
 * with audio / $0.03 video only, 1080p $0.08 / $0.05. Checked {@link DEFAULT_PRICES_CHECKED_ON}:
 * Google's pricing page itself could not be read then (only secondary sources that quote it, which
 * agree on Lite's figures; some also report a cut of Fast's price in April 2026 that could not be
 * confirmed), so operators should compare with their billing and override with `VEO_PRICES`
 * (or a `VEO_MODEL_CATALOG` entry) when Google changes them or grants a discount.
 */
export const DEFAULT_PRICES: PriceTable = {
  'veo-3.1-generate-001': { withAudio: 0.4, withoutAudio: 0.2 },
  'veo-3.1-fast-generate-001': { withAudio: 0.15, withoutAudio: 0.1 },
  'veo-3.1-lite-generate-001': {
    withAudio: 0.05,
    withoutAudio: 0.03,
    byResolution: { '720p': { withAudio: 0.05, withoutAudio: 0.03 }, '1080p': { withAudio: 0.08, withoutAudio: 0.05 } },
  },
};

/** Rounds to 1/10,000 USD, the precision costs are stored with. */
export function roundUsd(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** USD per second for these parameters; throws ConfigurationError when the table cannot price them (a bug: tables are validated at start). */
export function pricePerSecond(params: Pick<GenerationParams, 'model' | 'resolution' | 'generateAudio'>, prices: PriceTable): number {
  const model = prices[params.model];
  if (!model) throw new ConfigurationError(`No price for model ${params.model}`);
  const price = model.byResolution?.[params.resolution] ?? model;
  const perSecond = params.generateAudio ? price.withAudio : price.withoutAudio;
  if (perSecond === undefined) throw new ConfigurationError(`No price with audio for model ${params.model}`);
  return perSecond;
}

/** Estimated cost of a generation: duration × price per second × samples (the bot asks for one). */
export function estimateCostUsd(params: Pick<GenerationParams, 'model' | 'resolution' | 'generateAudio' | 'durationSeconds'>, prices: PriceTable, samples = 1): number {
  return roundUsd(params.durationSeconds * pricePerSecond(params, prices) * samples);
}

const priceProblem = (where: string, value: unknown): string | null => {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${where} must be a number`;
  if (value < 0) return `${where} must not be negative`;
  if (value > MAX_PRICE_PER_SECOND_USD) return `${where} is above ${MAX_PRICE_PER_SECOND_USD} USD per second (typo?)`;
  return null;
};

/**
 * Problems that make `prices` unusable for `models`: a model without a price (never a free,
 * unlimited model), an audio model without an audio price, negative or absurd numbers.
 */
export function validatePriceTable(prices: PriceTable, models: readonly ModelCapabilities[]): string[] {
  const problems: string[] = [];
  for (const model of models) {
    const price = prices[model.id];
    if (!price) {
      problems.push(`no price for model ${model.id}`);
      continue;
    }
    for (const [where, entry] of [[model.id, price], ...Object.entries(price.byResolution ?? {}).map(([r, p]) => [`${model.id} ${r}`, p] as const)] as const) {
      const p = entry as SecondPrice;
      const issue = priceProblem(`${where} withoutAudio`, p.withoutAudio);
      if (issue) problems.push(issue);
      if (p.withAudio !== undefined || model.audio) {
        const audioIssue = priceProblem(`${where} withAudio`, p.withAudio);
        if (audioIssue) problems.push(audioIssue);
      }
    }
  }
  return problems;
}

/**
 * Overlays operator prices (parsed JSON: `{ "<model id>": { "withAudio": 0.4, "withoutAudio": 0.2 } }`)
 * on `base`. Returns the merged table or what is wrong with the input.
 */
export function mergePrices(base: PriceTable, overrides: unknown): { ok: true; prices: PriceTable } | { ok: false; problems: string[] } {
  if (!overrides || typeof overrides !== 'object' || Array.isArray(overrides)) return { ok: false, problems: ['must be a JSON object of model id → { withAudio, withoutAudio }'] };
  const merged: Record<string, ModelPrice> = { ...base };
  const problems: string[] = [];
  for (const [id, value] of Object.entries(overrides)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${id} must be an object like { "withAudio": 0.4, "withoutAudio": 0.2 }`);
      continue;
    }
    merged[id] = { ...merged[id], ...(value as ModelPrice) };
  }
  return problems.length ? { ok: false, problems } : { ok: true, prices: merged };
}
