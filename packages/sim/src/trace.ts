import type { SimTime } from './sim-time.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Simulated time since the world began, as +HH:MM:SS.mmm. */
export function formatOffset(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `+${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.${pad(ms % 1000, 3)}`;
}

/** Short, stable label of a request id made by the world's id generator (r1, r2, …). */
export function shortId(id: string): string {
  const n = Number.parseInt(id.slice(-12), 16);
  return Number.isFinite(n) ? `r${n}` : id;
}

/**
 * The readable story of one world: who did what, when. Two runs of one seed produce the same
 * lines, byte for byte, which is what the determinism test compares.
 */
export class Trace {
  readonly lines: string[] = [];

  constructor(
    private readonly time: SimTime,
    private readonly origin: number,
  ) {}

  add(who: string, text: string): void {
    this.lines.push(`${formatOffset(this.time.now - this.origin)} ${who.padEnd(8)}${text}`);
  }

  toString(): string {
    return this.lines.join('\n');
  }
}
