import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Canvas from '@napi-rs/canvas';

/** The family name charts draw text with. */
export const CHART_FONT_FAMILY = 'VeoChartSans';

let loading: Promise<typeof Canvas> | undefined;

async function load(): Promise<typeof Canvas> {
  // Imported lazily: if the platform's prebuilt binary is missing, only the chart is lost, not the bot.
  const canvas = await import('@napi-rs/canvas');
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  // Both faces before any text is measured: Skia caches the first match for a family.
  const regular = canvas.GlobalFonts.registerFromPath(join(dir, 'DejaVuSans.ttf'), CHART_FONT_FAMILY);
  const bold = canvas.GlobalFonts.registerFromPath(join(dir, 'DejaVuSans-Bold.ttf'), CHART_FONT_FAMILY);
  if (!regular || !bold) throw new Error(`Could not load the chart font from ${dir}`);
  return canvas;
}

/**
 * `@napi-rs/canvas` with DejaVu Sans (regular and bold, from the `dejavu-fonts-ttf` npm
 * package) registered as {@link CHART_FONT_FAMILY}, once per process. The bot's host may
 * have no system fonts at all (a slim container), and Skia then draws text as nothing; a
 * font that arrives with `npm ci` always exists. Rejects on a broken install, and a later
 * call tries again.
 */
export function loadChartCanvas(): Promise<typeof Canvas> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
