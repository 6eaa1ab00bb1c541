import { describe, expect, it } from 'vitest';
import { emptyCounts, type GuildStats } from '@veo-bot/core';
import { CHART_FONT_FAMILY, loadChartCanvas } from '../chart-font.js';
import { chartBuckets, niceStep, renderStatsChart } from '../stats-chart.js';
import { hasSpend, niceUsdStep } from '../stats-chart-spend.js';
import { pngHeader } from './support/png.js';

const until = new Date(Date.UTC(2026, 10, 23, 15));
const stats: GuildStats = {
  guildId: 'g',
  period: 'day',
  since: new Date(until.getTime() - 30 * 86_400_000),
  until,
  total: 9,
  counts: { ...emptyCounts(), completed: 6, failed: 2, timeout: 1 },
  averageDurationMs: 60_000,
  p95DurationMs: 120_000,
  topPrompts: [],
  topUsers: [],
  buckets: [
    { start: new Date(Date.UTC(2026, 10, 1)), counts: { ...emptyCounts(), completed: 6, failed: 1 } },
    { start: new Date(Date.UTC(2026, 10, 20)), counts: { ...emptyCounts(), failed: 1, timeout: 1 } },
  ],
};

describe('renderStatsChart', () => {
  it('renders an 800×400 PNG of sensible size', async () => {
    const png = await renderStatsChart(stats);
    expect(pngHeader(png)).toEqual({ signature: true, firstChunk: 'IHDR', width: 800, height: 400 });
    expect(png.length).toBeLessThan(200 * 1024);
  });

  it('with spend per bucket (a line on a second axis) it is still an 800×400 PNG, and a different picture', async () => {
    const withSpend: GuildStats = { ...stats, spendUsd: 28.8, buckets: stats.buckets.map((b, i) => ({ ...b, spendUsd: i === 0 ? 22.4 : 6.4 })) };
    expect(hasSpend(stats)).toBe(false);
    expect(hasSpend(withSpend)).toBe(true);
    const png = await renderStatsChart(withSpend);
    expect(pngHeader(png)).toEqual({ signature: true, firstChunk: 'IHDR', width: 800, height: 400 });
    expect(png.length).toBeLessThan(200 * 1024);
    expect(png.equals(await renderStatsChart(stats))).toBe(false);
  });

  it('picks round USD steps, cents included', () => {
    expect([0, 0.004, 0.3, 1.1, 2.2, 4.48, 37, 240].map((v) => niceUsdStep(v))).toEqual([1, 0.01, 0.5, 2, 2.5, 5, 50, 250]);
  });

  it('draws text with the font from the dejavu-fonts-ttf package, not a system font', async () => {
    const { GlobalFonts } = await loadChartCanvas();
    expect(GlobalFonts.has(CHART_FONT_FAMILY)).toBe(true);
    expect(await loadChartCanvas()).toBe(await loadChartCanvas());
  });

  it('fills the days without requests, so the bars sit on a regular time axis', () => {
    const buckets = chartBuckets(stats);
    expect(buckets).toHaveLength(31);
    expect(buckets[0]?.start.toISOString()).toBe('2026-10-24T00:00:00.000Z');
    expect(buckets.at(-1)?.start.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(buckets.find((b) => b.start.getUTCDate() === 1)?.counts.completed).toBe(6);
  });

  it('fills months and ISO weeks too', () => {
    const months = chartBuckets({ ...stats, period: 'month', since: new Date(Date.UTC(2025, 10, 23)), buckets: [] });
    expect(months.map((b) => b.start.toISOString().slice(0, 7))).toEqual(['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const weeks = chartBuckets({ ...stats, period: 'week', buckets: [] });
    expect(weeks.every((b) => b.start.getUTCDay() === 1)).toBe(true);
  });

  it('picks round tick steps', () => {
    expect([0, 1, 4, 12, 37, 240].map(niceStep)).toEqual([1, 1, 1, 5, 10, 50]);
  });
});
