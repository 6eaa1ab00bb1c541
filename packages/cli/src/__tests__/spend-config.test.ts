import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { spendSettings } from '../config/spend-config.js';
import { modelPolicy } from '../container.js';

const problems = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};
const settings = (env: Record<string, string>) => {
  const config = loadConfig(env);
  return spendSettings(config, modelPolicy(config));
};

describe('spend configuration', () => {
  it('defaults: Google list prices for every model, no caps', () => {
    const s = settings({});
    expect(s.prices['veo-3.1-generate-001']).toEqual({ withAudio: 0.4, withoutAudio: 0.2 });
    expect(s.budget).toEqual({ guildDailyUsd: null, guildMonthlyUsd: null, userDailyUsd: null });
  });

  it('reads caps and price overrides', () => {
    const s = settings({ VEO_BUDGET_GUILD_DAILY_USD: '20', VEO_BUDGET_GUILD_MONTHLY_USD: '300', VEO_BUDGET_USER_DAILY_USD: '5.5', VEO_PRICES: '{"veo-3.1-generate-001":{"withAudio":0.35}}' });
    expect(s.budget).toEqual({ guildDailyUsd: 20, guildMonthlyUsd: 300, userDailyUsd: 5.5 });
    expect(s.prices['veo-3.1-generate-001']).toEqual({ withAudio: 0.35, withoutAudio: 0.2 });
  });

  it('a VEO_MODEL_CATALOG model is priced from its entry, and VEO_PRICES still wins over it', () => {
    const entry = { id: 'veo-3.2-generate-001', label: 'Veo 3.2', durations: [8], aspectRatios: ['16:9'], resolutions: ['720p', '1080p'], audio: true, imageInput: true, pricePerSecond: { '720p': { withAudio: 0.3, withoutAudio: 0.1 }, '1080p': { withAudio: 0.6, withoutAudio: 0.2 } } };
    const s = settings({ VEO_MODEL_CATALOG: JSON.stringify([entry]) });
    expect(s.prices['veo-3.2-generate-001']).toMatchObject({ byResolution: { '1080p': { withAudio: 0.6, withoutAudio: 0.2 } } });
    expect(s.prices['veo-3.1-lite-generate-001']).toMatchObject({ byResolution: { '1080p': { withAudio: 0.08, withoutAudio: 0.05 } } });
    const overridden = settings({ VEO_MODEL_CATALOG: JSON.stringify([entry]), VEO_PRICES: '{"veo-3.2-generate-001":{"byResolution":{"1080p":{"withAudio":0.5,"withoutAudio":0.2}}}}' });
    expect(overridden.prices['veo-3.2-generate-001']?.byResolution?.['1080p']).toEqual({ withAudio: 0.5, withoutAudio: 0.2 });
  });

  it('negative, absurd or non-numeric caps are config errors naming the variable', () => {
    const found = problems(() => loadConfig({ VEO_BUDGET_GUILD_DAILY_USD: '-1', VEO_BUDGET_GUILD_MONTHLY_USD: '1e9', VEO_BUDGET_USER_DAILY_USD: 'lots' }));
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['VEO_BUDGET_GUILD_DAILY_USD', 'VEO_BUDGET_GUILD_MONTHLY_USD', 'VEO_BUDGET_USER_DAILY_USD']);
    expect(found.join('\n')).toContain('must not be negative');
  });

  it('a configured model missing from the price table, broken JSON or a negative price is a config error', () => {
    expect(problems(() => settings({ VEO_MODELS: 'veo-3.1-generate-001,veo-3.1-lite-generate-001', VEO_PRICES: '{"veo-3.1-lite-generate-001":{"withoutAudio":-0.5}}' }))[0]).toContain('VEO_PRICES: veo-3.1-lite-generate-001 withoutAudio must not be negative');
    expect(problems(() => settings({ VEO_PRICES: '{nope' }))[0]).toContain('VEO_PRICES: must be JSON');
    expect(problems(() => settings({ VEO_PRICES: '{"veo-3.1-generate-001":{"withAudio":"free"}}' }))[0]).toContain('withAudio must be a number');
  });
});
