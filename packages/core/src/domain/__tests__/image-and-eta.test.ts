import { describe, expect, it } from 'vitest';
import { aTestImage } from '../../testing/images.js';
import { estimateReadyIn } from '../eta.js';
import { readImageHeader } from '../image-header.js';
import { checkSourceImage, isAcceptedImageType } from '../source-image.js';

describe('source image checks', () => {
  it.each(['image/png', 'image/jpeg', 'image/webp'] as const)('reads type and size of a %s from its header', (type) => {
    expect(readImageHeader(aTestImage(type, { width: 1024, height: 576 }))).toEqual({ mimeType: type, width: 1024, height: 576 });
  });

  it('reads lossless and simple WebP headers too', () => {
    const vp8l = new Uint8Array(40);
    vp8l.set([...'RIFF'].map((c) => c.charCodeAt(0)), 0);
    vp8l.set([...'WEBPVP8L'].map((c) => c.charCodeAt(0)), 8);
    vp8l[20] = 0x2f;
    const bits = (800 - 1) | ((600 - 1) << 14);
    vp8l.set([bits & 255, (bits >>> 8) & 255, (bits >>> 16) & 255, (bits >>> 24) & 255], 21);
    expect(readImageHeader(vp8l)).toEqual({ mimeType: 'image/webp', width: 800, height: 600 });
    const vp8 = new Uint8Array(40);
    vp8.set([...'RIFF'].map((c) => c.charCodeAt(0)), 0);
    vp8.set([...'WEBPVP8 '].map((c) => c.charCodeAt(0)), 8);
    vp8.set([0x9d, 0x01, 0x2a, 640 & 255, 640 >> 8, 480 & 255, 480 >> 8], 23);
    expect(readImageHeader(vp8)).toEqual({ mimeType: 'image/webp', width: 640, height: 480 });
  });

  it('refuses other files, truncated headers, oversize files and out-of-range dimensions with specific messages', () => {
    expect(readImageHeader(new TextEncoder().encode('GIF89a this is not accepted at all'))).toBeNull();
    expect(readImageHeader(aTestImage('image/png').subarray(0, 12))).toBeNull();
    expect(checkSourceImage(new TextEncoder().encode('GIF89a…'))).toEqual({ ok: false, message: 'The image must be PNG, JPEG, WEBP; this file is not accepted.' });
    expect(checkSourceImage(aTestImage('image/png', { sizeBytes: 9 * 1024 * 1024 }))).toEqual({ ok: false, message: 'The image is 9.0 MiB; the maximum is 8 MiB.' });
    expect(checkSourceImage(aTestImage('image/jpeg', { width: 200, height: 800 }))).toEqual({ ok: false, message: 'The image is 200×800 pixels; each side must be from 256 to 4096 pixels.' });
    expect(checkSourceImage(aTestImage('image/webp', { width: 5000, height: 800 })).ok).toBe(false);
    const ok = checkSourceImage(aTestImage('image/webp', { width: 4096, height: 256 }));
    expect(ok).toMatchObject({ ok: true, image: { mimeType: 'image/webp', width: 4096, height: 256 } });
  });

  it('accepts declared content types of the three formats only', () => {
    expect(['image/png', 'image/jpeg', 'image/jpg', 'image/webp', 'IMAGE/PNG; charset=binary'].every(isAcceptedImageType)).toBe(true);
    expect(['image/gif', 'video/mp4', '', null, undefined].some(isAcceptedImageType)).toBe(false);
  });
});

describe('estimateReadyIn (p50 of recent completions × queue)', () => {
  // A seeded history of one model: 20 generations between 60 s and 120 s (p50 = 90 s).
  const history = Array.from({ length: 20 }, (_, i) => 60_000 + Math.round((i * 60_000) / 19));

  it('with fewer than 5 samples says nothing rather than something wrong', () => {
    expect(estimateReadyIn({ samplesMs: history.slice(0, 4), position: 1, concurrency: 3 })).toEqual({ kind: 'unknown' });
    expect(estimateReadyIn({ samplesMs: [], position: 0, concurrency: 3 })).toEqual({ kind: 'unknown' });
  });

  it('starting now: about one typical generation, within the history\'s bounds', () => {
    const eta = estimateReadyIn({ samplesMs: history, position: 0, concurrency: 3 });
    expect(eta.kind).toBe('estimate');
    if (eta.kind !== 'estimate') return;
    expect(eta.readyInMs).toBeGreaterThanOrEqual(Math.min(...history));
    expect(eta.readyInMs).toBeLessThanOrEqual(Math.max(...history));
    expect(eta.samples).toBe(20);
  });

  it('queued: grows with the position over the concurrency, and stays within (position/concurrency + 1) × [min, max]', () => {
    for (const position of [1, 3, 6, 9]) {
      const eta = estimateReadyIn({ samplesMs: history, position, concurrency: 3 });
      if (eta.kind !== 'estimate') throw new Error('expected an estimate');
      const factor = position / 3 + 1;
      expect(eta.readyInMs).toBeGreaterThanOrEqual(Math.min(...history) * factor);
      expect(eta.readyInMs).toBeLessThanOrEqual(Math.max(...history) * factor);
    }
    const near = estimateReadyIn({ samplesMs: history, position: 1, concurrency: 3 });
    const far = estimateReadyIn({ samplesMs: history, position: 9, concurrency: 3 });
    expect(near.kind === 'estimate' && far.kind === 'estimate' && far.readyInMs > near.readyInMs).toBe(true);
  });

  it('generating: subtracts the elapsed time and never goes below zero; ignores junk samples', () => {
    const eta = estimateReadyIn({ samplesMs: [...history, Number.NaN, -5], position: 0, concurrency: 3, elapsedMs: 30_000 });
    expect(eta).toMatchObject({ kind: 'estimate', readyInMs: 60_000, typicalMs: 90_000, samples: 20 });
    expect(estimateReadyIn({ samplesMs: history, position: 0, concurrency: 3, elapsedMs: 10 * 60_000 })).toMatchObject({ readyInMs: 0 });
  });
});
