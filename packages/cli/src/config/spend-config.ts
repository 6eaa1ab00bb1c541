import { DEFAULT_PRICES, type ModelPolicy, type PriceTable, type SpendCaps, mergePrices, validatePriceTable } from '@veo-bot/core';
import { ConfigError } from './load-config.js';
import { modelSettings } from './model-config.js';
import type { Config } from './schema.js';

/** Prices and default caps from configuration. */
export interface SpendSettings {
  readonly prices: PriceTable;
  readonly budget: SpendCaps;
}

/**
 * Prices (`base`: core's defaults and the model catalog's, overlaid by `VEO_PRICES`) and default caps. Throws ConfigError (exit
 * code 2) when `VEO_PRICES` is not JSON, or when an offered model has no usable price — a
 * model without a price must never run with a free, unlimited budget.
 */
export function spendSettings(config: Config, policy: ModelPolicy, base: PriceTable = { ...DEFAULT_PRICES, ...modelSettings(config).catalogPrices }): SpendSettings {
  let prices: PriceTable = base;
  if (config.VEO_PRICES) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(config.VEO_PRICES);
    } catch {
      throw new ConfigError(['VEO_PRICES: must be JSON, e.g. {"veo-3.1-generate-001":{"withAudio":0.4,"withoutAudio":0.2}}']);
    }
    const merged = mergePrices(base, parsed);
    if (!merged.ok) throw new ConfigError(merged.problems.map((p) => `VEO_PRICES: ${p}`));
    prices = merged.prices;
  }
  const problems = validatePriceTable(prices, policy.models);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `VEO_PRICES: ${p}`));
  return {
    prices,
    budget: {
      guildDailyUsd: config.VEO_BUDGET_GUILD_DAILY_USD ?? null,
      guildMonthlyUsd: config.VEO_BUDGET_GUILD_MONTHLY_USD ?? null,
      userDailyUsd: config.VEO_BUDGET_USER_DAILY_USD ?? null,
    },
  };
}
