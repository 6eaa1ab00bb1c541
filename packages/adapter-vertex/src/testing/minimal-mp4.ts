const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const box = (type: string, payload: number[]): number[] => [...u32(8 + payload.length), ...ascii(type), ...payload];

/** ISO BMFF `ftyp` + `moov` with a movie header: the smallest file players and ffprobe accept as MP4. */
function baseMp4(): number[] {
  const ftyp = box('ftyp', [...ascii('isom'), ...u32(0x200), ...ascii('isom'), ...ascii('iso2'), ...ascii('mp41')]);
  const identity = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000].flatMap(u32);
  const mvhd = box('mvhd', [
    ...u32(0), // version 0, flags 0
    ...u32(0), // creation time
    ...u32(0), // modification time
    ...u32(1000), // timescale
    ...u32(0), // duration
    ...u32(0x10000), // rate 1.0
    0x01, 0x00, // volume 1.0
    ...new Array<number>(10).fill(0), // reserved
    ...identity,
    ...new Array<number>(24).fill(0), // pre_defined
    ...u32(1), // next track id
  ]);
  return [...ftyp, ...box('moov', mvhd)];
}

const BASE = Uint8Array.from(baseMp4());
const FREE_HEADER = 8;

/** Length of the smallest MP4 this module produces. */
export const MINIMAL_MP4_LENGTH = BASE.length;

/**
 * The first bytes of an MP4 of exactly `sizeBytes`: the base file, then the header of a `free`
 * box whose zero-filled body reaches `sizeBytes`. Every byte after the returned head is zero,
 * so a huge video costs no memory. Sizes below the base length give a truncated file.
 */
export function mp4Head(sizeBytes: number): Uint8Array {
  if (sizeBytes <= BASE.length) return BASE.slice(0, Math.max(0, sizeBytes));
  const padding = sizeBytes - BASE.length;
  if (padding < FREE_HEADER || padding > 0xffffffff) return BASE.slice();
  return Uint8Array.from([...BASE, ...u32(padding), ...ascii('free')]);
}

/** A whole MP4 of `sizeBytes` in memory (for small inline videos). */
export function mp4Bytes(sizeBytes: number): Uint8Array {
  const bytes = new Uint8Array(sizeBytes);
  bytes.set(mp4Head(sizeBytes).subarray(0, sizeBytes));
  return bytes;
}
