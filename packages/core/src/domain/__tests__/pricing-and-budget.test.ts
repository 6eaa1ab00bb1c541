import { describe, expect, it } from 'vitest';
import { NO_CAPS, budgetRefusalMessage, capStatuses, defaultFinalCost, effectiveCaps, exceededCap, spendWindows, validateCaps } from '../budget.js';
import { VEO_MODELS } from '../models.js';
import { DEFAULT_PRICES, estimateCostUsd, mergePrices, validatePriceTable } from '../pricing.js';

const params = { model: 'veo-3.1-generate-001', resolution: '1080p', generateAudio: true, durationSeconds: 8 } as const;

describe('pricing', () => {
  it('estimates duration × price per second × samples, with and without audio, per model', () => {
    expect(estimateCostUsd(params, DEFAULT_PRICES)).toBe(3.2);
    expect(estimateCostUsd({ ...params, generateAudio: false }, DEFAULT_PRICES)).toBe(1.6);
    expect(estimateCostUsd({ ...params, model: 'veo-3.1-fast-generate-001', durationSeconds: 4 }, DEFAULT_PRICES)).toBe(0.6);
    // Veo 3.1 Lite is priced by resolution (720p $0.05 / $0.03, 1080p $0.08 / $0.05 per second).
    expect(estimateCostUsd({ ...params, model: 'veo-3.1-lite-generate-001' }, DEFAULT_PRICES)).toBe(0.64);
    expect(estimateCostUsd({ ...params, model: 'veo-3.1-lite-generate-001', generateAudio: false }, DEFAULT_PRICES)).toBe(0.4);
    expect(estimateCostUsd({ ...params, model: 'veo-3.1-lite-generate-001', resolution: '720p' }, DEFAULT_PRICES)).toBe(0.4);
    expect(estimateCostUsd({ ...params, model: 'veo-3.1-lite-generate-001', resolution: '720p', generateAudio: false, durationSeconds: 4 }, DEFAULT_PRICES)).toBe(0.12);
    expect(estimateCostUsd(params, DEFAULT_PRICES, 2)).toBe(6.4);
  });

  it('uses a per-resolution price where one is set', () => {
    const prices = { ...DEFAULT_PRICES, 'veo-3.1-generate-001': { withAudio: 0.4, withoutAudio: 0.2, byResolution: { '1080p': { withAudio: 0.5, withoutAudio: 0.3 } } } };
    expect(estimateCostUsd(params, prices)).toBe(4);
    expect(estimateCostUsd({ ...params, resolution: '720p' }, prices)).toBe(3.2);
  });

  it('the defaults price every known model; a missing model, missing audio price or absurd price is a problem', () => {
    expect(validatePriceTable(DEFAULT_PRICES, VEO_MODELS)).toEqual([]);
    expect(Object.keys(DEFAULT_PRICES)).toEqual(VEO_MODELS.map((m) => m.id));
    const { 'veo-3.1-lite-generate-001': _dropped, ...rest } = DEFAULT_PRICES;
    expect(validatePriceTable(rest, VEO_MODELS)).toEqual(['no price for model veo-3.1-lite-generate-001']);
    expect(validatePriceTable({ ...DEFAULT_PRICES, 'veo-3.1-generate-001': { withoutAudio: 0.2 } }, VEO_MODELS)[0]).toContain('withAudio must be a number');
    expect(validatePriceTable({ ...DEFAULT_PRICES, 'veo-3.1-fast-generate-001': { withAudio: 0.15, withoutAudio: -1 } }, VEO_MODELS)[0]).toContain('must not be negative');
    expect(validatePriceTable({ ...DEFAULT_PRICES, 'veo-3.1-fast-generate-001': { withAudio: 500, withoutAudio: 0.1 } }, VEO_MODELS)[0]).toContain('typo');
  });

  it('merges operator overrides over the defaults', () => {
    const merged = mergePrices(DEFAULT_PRICES, { 'veo-3.1-generate-001': { withAudio: 0.3 } });
    expect(merged).toMatchObject({ ok: true, prices: { 'veo-3.1-generate-001': { withAudio: 0.3, withoutAudio: 0.2 } } });
    expect(mergePrices(DEFAULT_PRICES, [1])).toMatchObject({ ok: false });
    expect(mergePrices(DEFAULT_PRICES, { x: 5 })).toMatchObject({ ok: false });
  });
});

describe('budgets', () => {
  const now = new Date(Date.UTC(2026, 10, 23, 15, 30));
  const w = spendWindows(now);

  it('windows are the UTC day and month; they reset at midnight UTC and on the 1st', () => {
    expect(w).toEqual({ dayStart: new Date('2026-11-23T00:00:00Z'), nextDay: new Date('2026-11-24T00:00:00Z'), monthStart: new Date('2026-11-01T00:00:00Z'), nextMonth: new Date('2026-12-01T00:00:00Z') });
    expect(spendWindows(new Date('2026-12-31T23:59:59Z')).nextMonth).toEqual(new Date('2027-01-01T00:00:00Z'));
  });

  it('rejects negative, non-numeric and absurd caps', () => {
    expect(validateCaps({ guildDailyUsd: 5, guildMonthlyUsd: null })).toEqual([]);
    expect(validateCaps({ guildDailyUsd: -1, userDailyUsd: 1e9, guildMonthlyUsd: Number.NaN })).toHaveLength(3);
  });

  it('guild caps override defaults where set; DMs only have the per-user cap', () => {
    const defaults = { guildDailyUsd: 10, guildMonthlyUsd: 100, userDailyUsd: 2 };
    expect(effectiveCaps(defaults, 'g', { ...NO_CAPS, guildDailyUsd: 3 })).toEqual({ guildDailyUsd: 3, guildMonthlyUsd: 100, userDailyUsd: 2 });
    expect(effectiveCaps(defaults, null, null)).toEqual({ guildDailyUsd: null, guildMonthlyUsd: null, userDailyUsd: 2 });
  });

  it('names the cap that resets last, what is left and when it resets', () => {
    const caps = { guildDailyUsd: 10, guildMonthlyUsd: 50, userDailyUsd: 4 };
    expect(exceededCap(caps, { guildDayUsd: 6, guildMonthUsd: 40, userDayUsd: 0.8 }, 3.2, w)).toBeNull();
    const user = exceededCap(caps, { guildDayUsd: 6, guildMonthUsd: 40, userDayUsd: 1.6 }, 3.2, w);
    expect(user).toEqual({ cap: 'user-daily', limitUsd: 4, spentUsd: 1.6, remainingUsd: 2.4, resetsAt: w.nextDay });
    expect(budgetRefusalMessage(user!, 3.2)).toBe(
      'Your daily video budget on this server of $4.00 has $2.40 left; this video would cost about $3.20. It resets at midnight UTC. A shorter video, no audio or a Fast model costs less.',
    );
    const month = exceededCap(caps, { guildDayUsd: 9, guildMonthUsd: 48, userDayUsd: 3 }, 3.2, w);
    expect(month).toMatchObject({ cap: 'guild-monthly', remainingUsd: 2, resetsAt: w.nextMonth });
    expect(budgetRefusalMessage(month!, 3.2)).toContain("This server's monthly video budget of $50.00 has $2.00 left");
    expect(budgetRefusalMessage(month!, 3.2)).toContain('It resets on 2026-12-01 (1st of the month, UTC)');
    expect(capStatuses(caps, { guildDayUsd: 12, guildMonthUsd: 0, userDayUsd: 0 }, w)[1]).toMatchObject({ cap: 'guild-daily', remainingUsd: 0 });
  });

  it('final cost: completed or possibly-accepted requests cost their estimate, never-sent ones nothing', () => {
    const r = { estimatedCostUsd: 3.2, operationName: null, attempts: 0 };
    expect(defaultFinalCost(r, 'completed')).toBe(3.2);
    expect(defaultFinalCost(r, 'failed')).toBe(0);
    expect(defaultFinalCost({ ...r, operationName: 'ops/1' }, 'timeout')).toBe(3.2);
    expect(defaultFinalCost({ ...r, attempts: 1 }, 'failed')).toBe(3.2);
  });
});
