import type { SKRSContext2D } from '@napi-rs/canvas';
import { bucketStart, emptyCounts, type GuildStats, type RequestStatus, type StatsBucket, type StatsPeriod } from '@veo-bot/core';
import { CHART_FONT_FAMILY, loadChartCanvas } from './chart-font.js';
import { drawSpend, drawSpendLegend, hasSpend, type PlotBox } from './stats-chart-spend.js';

/** Size of the chart in pixels. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;

/** Stacking order, bottom to top. */
const STACK: readonly RequestStatus[] = ['completed', 'failed', 'timeout', 'cancelled', 'generating', 'pending'];

/** Bar colour of each status. */
export const STATUS_COLORS: Readonly<Record<RequestStatus, string>> = {
  completed: '#2ecc71',
  failed: '#e74c3c',
  timeout: '#e67e22',
  cancelled: '#7f8c8d',
  generating: '#3498db',
  pending: '#95a5a6',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MAX_BUCKETS = 400;
const MARGIN = { left: 56, right: 20, top: 72, bottom: 40 };
/** Room for the spend axis' labels at the right. */
const SPEND_AXIS_WIDTH = 64;

function nextStart(start: Date, period: StatsPeriod): Date {
  if (period === 'month') return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  return new Date(start.getTime() + (period === 'week' ? 7 : 1) * 86_400_000);
}

/** Every bucket from `since` to `until`, the empty ones included (the query returns only buckets with requests). */
export function chartBuckets(stats: Pick<GuildStats, 'period' | 'since' | 'until' | 'buckets'>): StatsBucket[] {
  const byStart = new Map<number, StatsBucket>(stats.buckets.map((b) => [b.start.getTime(), b]));
  for (let at = bucketStart(stats.since, stats.period); at <= stats.until && byStart.size < MAX_BUCKETS; at = nextStart(at, stats.period)) {
    if (!byStart.has(at.getTime())) byStart.set(at.getTime(), { start: at, counts: emptyCounts() });
  }
  return [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** A round tick step giving about five ticks up to `max` (whole requests, so at least 1). */
export function niceStep(max: number): number {
  const raw = Math.max(1, max) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
  return Math.max(1, Math.round(step));
}

function label(start: Date, period: StatsPeriod): string {
  const month = MONTHS[start.getUTCMonth()] ?? '';
  return period === 'month' ? `${month} ${start.getUTCFullYear()}` : `${month} ${start.getUTCDate()}`;
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
const total = (b: StatsBucket): number => STACK.reduce((sum, s) => sum + b.counts[s], 0);

function drawHeader(ctx: SKRSContext2D, stats: GuildStats, spend: boolean, font: string): void {
  ctx.fillStyle = '#111827';
  ctx.font = `bold 18px ${font}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(`${spend ? 'Requests and spend' : 'Video requests'} per ${stats.period} · ${isoDay(stats.since)} to ${isoDay(stats.until)} (UTC)`, MARGIN.left, 30);
  ctx.font = `13px ${font}`;
  let x = MARGIN.left;
  for (const status of STACK) {
    ctx.fillStyle = STATUS_COLORS[status];
    ctx.fillRect(x, 44, 12, 12);
    ctx.fillStyle = '#374151';
    ctx.fillText(status, x + 17, 55);
    x += 17 + ctx.measureText(status).width + 20;
  }
  if (spend) drawSpendLegend(ctx, x);
}

function drawAxes(ctx: SKRSContext2D, box: PlotBox, top: number, step: number, font: string): void {
  ctx.font = `12px ${font}`;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 1;
  for (let value = 0; value <= top; value += step) {
    const y = Math.round(box.bottom - (value / top) * (box.bottom - box.top)) + 0.5;
    ctx.strokeStyle = value === 0 ? '#9ca3af' : '#e5e7eb';
    ctx.beginPath();
    ctx.moveTo(box.left, y);
    ctx.lineTo(box.right, y);
    ctx.stroke();
    ctx.fillStyle = '#4b5563';
    ctx.fillText(String(value), box.left - 8, y);
  }
}

function drawBars(ctx: SKRSContext2D, box: PlotBox, buckets: readonly StatsBucket[], period: StatsPeriod, top: number, font: string): void {
  const width = box.right - box.left;
  const height = box.bottom - box.top;
  const slot = width / buckets.length;
  const barWidth = Math.max(1, slot * 0.7);
  const every = Math.max(1, Math.ceil(buckets.length / Math.floor(width / 72)));
  ctx.font = `12px ${font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  buckets.forEach((bucket, i) => {
    const x = box.left + i * slot + (slot - barWidth) / 2;
    let y = box.bottom;
    for (const status of STACK) {
      const h = (bucket.counts[status] / top) * height;
      if (h <= 0) continue;
      ctx.fillStyle = STATUS_COLORS[status];
      ctx.fillRect(x, y - h, barWidth, h);
      y -= h;
    }
    if (i % every === 0) {
      ctx.fillStyle = '#4b5563';
      ctx.fillText(label(bucket.start, period), x + barWidth / 2, box.bottom + 8);
    }
  });
}

/**
 * Requests per bucket as stacked bars split by status, with a legend and axes, as a PNG; when
 * the statistics carry spend, a line of USD per bucket on a second axis at the right.
 * Pure: the same statistics give the same image. Text uses a font from npm (see
 * {@link loadChartCanvas}), never the host's fonts.
 */
export async function renderStatsChart(stats: GuildStats): Promise<Buffer> {
  const { createCanvas } = await loadChartCanvas();
  const font = CHART_FONT_FAMILY;
  const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, CHART_WIDTH, CHART_HEIGHT);
  const buckets = chartBuckets(stats);
  const step = niceStep(Math.max(0, ...buckets.map(total)));
  const top = Math.max(step, Math.ceil(Math.max(1, ...buckets.map(total)) / step) * step);
  const spend = hasSpend(stats);
  const box: PlotBox = { left: MARGIN.left, right: CHART_WIDTH - MARGIN.right - (spend ? SPEND_AXIS_WIDTH : 0), top: MARGIN.top, bottom: CHART_HEIGHT - MARGIN.bottom };
  drawHeader(ctx, stats, spend, font);
  drawAxes(ctx, box, top, step, font);
  drawBars(ctx, box, buckets, stats.period, top, font);
  if (spend) drawSpend(ctx, buckets, box, Math.round(top / step), font);
  return canvas.encode('png');
}
