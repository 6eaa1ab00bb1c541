/** A seeded PRNG (mulberry32): the same seed gives the same cases on every machine. */
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A string of `length` characters (code points) from an adversarial alphabet (markdown, quotes, mentions, emoji, control characters). */
  text(length: number): string {
    const alphabet = ['a', 'Z', '0', ' ', ':', '*', '`', '"', "'", '\\', '<', '@', '>', '\n', '\u0000', 'é', '😀', '‮', '%', '/'];
    // Whole characters only: a lone surrogate is not text anyone can send.
    return Array.from({ length }, () => this.pick(alphabet)).join('');
  }

  uuid(): string {
    const hex = (n: number) => Array.from({ length: n }, () => this.int(0, 15).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
  }
}

/** Runs `task` over `items`, at most `concurrency` at a time. */
export async function inBatches<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
