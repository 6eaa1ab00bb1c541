import { readFileSync } from 'node:fs';
import { type ModelCapabilities, type ModelPolicy, type PriceTable, VEO_MODELS, parseModelCatalog, retiredModel } from '@veo-bot/core';
import { ConfigError } from './load-config.js';
import type { Config } from './schema.js';

/** The models this deployment offers, and the prices its catalog declares for them. */
export interface ModelSettings {
  readonly policy: ModelPolicy;
  /** Prices of `VEO_MODEL_CATALOG` entries (merged over core's defaults; `VEO_PRICES` still wins). */
  readonly catalogPrices: PriceTable;
}

const CATALOG = 'VEO_MODEL_CATALOG';

/** `VEO_MODEL_CATALOG` is inline JSON when it starts with `[` or `{`, else the path of a JSON file. */
function readCatalog(value: string): { models: readonly ModelCapabilities[]; prices: PriceTable } {
  const inline = /^\s*[[{]/.test(value);
  let text = value;
  if (!inline) {
    try {
      text = readFileSync(value, 'utf8');
    } catch (error) {
      throw new ConfigError([`${CATALOG}: cannot read the file ${value} (${(error as NodeJS.ErrnoException).code ?? 'error'}); give a JSON file path or inline JSON`]);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${CATALOG}: ${inline ? 'the value' : `the file ${value}`} is not JSON (${(error as Error).message})`]);
  }
  const result = parseModelCatalog(parsed);
  if (!result.ok) throw new ConfigError(result.problems.map((p) => `${CATALOG}: ${p}`));
  return result.catalog;
}

const retiredProblem = (setting: string, id: string): string | null => {
  const retired = retiredModel(id);
  return retired ? `${setting}: ${id} was retired by Google on ${retired.retiredOn}; use ${retired.replacement} instead` : null;
};

const cache = new WeakMap<Config, ModelSettings>();

/**
 * Models offered: `VEO_MODELS` (comma-separated ids, in menu order) or every known one — the
 * built-in models Vertex serves plus those `VEO_MODEL_CATALOG` declares (an entry may redefine a
 * built-in one). `VEO_MODEL` is the default. A retired, unknown or unoffered id is a ConfigError
 * (exit 2) naming the setting — and, for a retired one, its replacement.
 */
export function modelSettings(config: Config): ModelSettings {
  const cached = cache.get(config);
  if (cached) return cached;
  const catalog = config.VEO_MODEL_CATALOG ? readCatalog(config.VEO_MODEL_CATALOG) : { models: [], prices: {} };
  const known = new Map<string, ModelCapabilities>([...VEO_MODELS, ...catalog.models].map((m) => [m.id, m]));
  const ids = config.VEO_MODELS ? [...new Set(config.VEO_MODELS.split(',').map((s) => s.trim()).filter(Boolean))] : [...known.keys()];
  const problems = [...ids.map((id) => retiredProblem('VEO_MODELS', id)), retiredProblem('VEO_MODEL', config.VEO_MODEL)].filter((p): p is string => p !== null);
  if (problems.length > 0) throw new ConfigError(problems);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new ConfigError([`VEO_MODELS: unknown model(s) ${unknown.join(', ')}; known: ${[...known.keys()].join(', ')} (declare a new one in ${CATALOG})`]);
  if (ids.length === 0) throw new ConfigError(['VEO_MODELS: must name at least one model']);
  if (!ids.includes(config.VEO_MODEL)) throw new ConfigError([`VEO_MODEL: ${config.VEO_MODEL} is not one of the offered models (${ids.join(', ')})`]);
  const policy = { models: ids.map((id) => known.get(id) as ModelCapabilities), defaultModel: config.VEO_MODEL, ...(config.VEO_PERSON_GENERATION ? { personGeneration: config.VEO_PERSON_GENERATION } : {}) };
  const settings = { policy, catalogPrices: catalog.prices };
  cache.set(config, settings);
  return settings;
}
