import type { ImageMimeType } from '../domain/image-header.js';

/** Options of the test images: pixel size and total byte size (the rest is padding). */
export interface TestImageOptions {
  readonly width?: number;
  readonly height?: number;
  /** Total length in bytes (at least the header); default 2 KiB. */
  readonly sizeBytes?: number;
  /** Varies the padding, so two images of the same size differ. */
  readonly fill?: number;
}

const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number) => [(n >>> 8) & 255, n & 255];
const le24 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function padded(header: number[], o: TestImageOptions): Uint8Array {
  const bytes = new Uint8Array(Math.max(header.length, o.sizeBytes ?? 2048));
  bytes.set(header);
  for (let i = header.length; i < bytes.length; i++) bytes[i] = (i * 31 + (o.fill ?? 7)) & 255;
  return bytes;
}

/**
 * Bytes whose header is a real PNG, JPEG or WebP header of the given size (what `/veo` checks);
 * the body is padding, not pixels. For tests: no image library needed.
 */
export function aTestImage(type: ImageMimeType = 'image/png', o: TestImageOptions = {}): Uint8Array {
  const w = o.width ?? 1280;
  const h = o.height ?? 720;
  switch (type) {
    case 'image/png':
      return padded([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...be32(13), ...ascii('IHDR'), ...be32(w), ...be32(h), 8, 2, 0, 0, 0, 0, 0, 0, 0], o);
    case 'image/jpeg':
      // SOI, an APP0 segment to skip, then SOF0 with height and width.
      return padded([0xff, 0xd8, 0xff, 0xe0, ...be16(16), ...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xc0, ...be16(17), 8, ...be16(h), ...be16(w), 3], o);
    case 'image/webp':
      return padded([...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBP'), ...ascii('VP8X'), ...[10, 0, 0, 0], 0, 0, 0, 0, ...le24(w - 1), ...le24(h - 1)], o);
  }
}
