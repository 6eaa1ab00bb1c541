import type { SKRSContext2D } from '@napi-rs/canvas';
import { formatUsd, type GuildStats, type StatsBucket } from '@veo-bot/core';

/** Colour of the spend line and its axis: apart from every status colour. */
export const SPEND_COLOR = '#7c3aed';

/** The plot area in canvas pixels: `bottom` is the zero line, `top` the highest gridline. */
export interface PlotBox {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Whether the statistics carry spend (an older `GuildStats` source may not). */
export function hasSpend(stats: Pick<GuildStats, 'spendUsd' | 'buckets'>): boolean {
  return stats.spendUsd !== undefined || stats.buckets.some((b) => b.spendUsd !== undefined);
}

/**
 * A round USD step (1, 2, 2.5 or 5 × a power of ten, at least a cent) no smaller than `raw`:
 * the spend axis shares the request axis' gridlines, so its step is the spend per gridline
 * rounded up.
 */
export function niceUsdStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * magnitude;
  return Math.max(0.01, Number(step.toPrecision(12)));
}

function axisLabel(value: number, step: number): string {
  return Number.isInteger(step) ? `$${Math.round(value)}` : formatUsd(value);
}

/**
 * Spend per bucket as a line with dots over the bars, on its own axis at the right whose
 * gridlines are the request axis' `divisions`; the highest point is labelled with its amount.
 */
export function drawSpend(ctx: SKRSContext2D, buckets: readonly StatsBucket[], box: PlotBox, divisions: number, font: string): void {
  const values = buckets.map((b) => b.spendUsd ?? 0);
  const max = Math.max(0, ...values);
  const step = niceUsdStep(max / divisions);
  const top = step * divisions;
  const y = (usd: number): number => box.bottom - (usd / top) * (box.bottom - box.top);
  ctx.font = `12px ${font}`;
  ctx.fillStyle = SPEND_COLOR;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (let i = 0; i <= divisions; i += 1) ctx.fillText(axisLabel(i * step, step), box.right + 8, Math.round(y(i * step)) + 0.5);

  const slot = (box.right - box.left) / buckets.length;
  const points = values.map((usd, i) => ({ x: box.left + (i + 0.5) * slot, y: y(usd), usd }));
  ctx.strokeStyle = SPEND_COLOR;
  ctx.lineWidth = 2.5;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  points.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
  ctx.stroke();
  const radius = slot >= 8 ? 3.5 : 2;
  for (const p of points) {
    ctx.beginPath();
    ctx.arc(p.x, p.y, radius, 0, Math.PI * 2);
    ctx.fillStyle = '#ffffff';
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  const peak = points.reduce((best, p) => (p.usd > best.usd ? p : best), points[0] ?? { x: 0, y: 0, usd: 0 });
  if (peak.usd > 0) {
    ctx.font = `bold 12px ${font}`;
    ctx.fillStyle = SPEND_COLOR;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    const x = Math.min(Math.max(peak.x, box.left + 24), box.right - 24);
    // A white halo keeps the amount readable over a bar.
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 4;
    ctx.strokeText(formatUsd(peak.usd), x, peak.y - 7);
    ctx.fillText(formatUsd(peak.usd), x, peak.y - 7);
  }
}

/** The legend entry of the spend line; returns the x after it. */
export function drawSpendLegend(ctx: SKRSContext2D, x: number): number {
  ctx.strokeStyle = SPEND_COLOR;
  ctx.lineWidth = 2.5;
  ctx.beginPath();
  ctx.moveTo(x, 50);
  ctx.lineTo(x + 14, 50);
  ctx.stroke();
  ctx.fillStyle = '#374151';
  ctx.textAlign = 'left';
  ctx.fillText('spend (USD, right axis)', x + 19, 55);
  return x + 19 + ctx.measureText('spend (USD, right axis)').width + 20;
}
