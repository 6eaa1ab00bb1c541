import { mayHaveStoredObjects, type VideoRequest } from '../domain/video-request.js';
import type { StoragePurge } from '../ports/erasure-store.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The `storage_purges` table of the in-memory world, shared by the repository (retention) and the erasure store. */
export class InMemoryPurgeQueue {
  private readonly entries = new Map<string, Mutable<StoragePurge>>();
  private nextId = 1;

  /** Queues the objects `request` may have in storage (nothing when it can have none). */
  queue(request: VideoRequest, recheckUntil: Date | null): void {
    if (!mayHaveStoredObjects(request)) return;
    const id = String(this.nextId++);
    this.entries.set(id, { id, requestId: request.id, prefix: request.gcsPrefix, uris: [...request.videoUrls], recheckUntil, attempts: 0 });
  }

  list(afterId: string | null, limit: number): StoragePurge[] {
    return [...this.entries.values()]
      .filter((e) => afterId === null || Number(e.id) > Number(afterId))
      .sort((a, b) => Number(a.id) - Number(b.id))
      .slice(0, limit)
      .map((e) => ({ ...e, uris: [...e.uris] }));
  }

  count(): number {
    return this.entries.size;
  }

  done(id: string, at: Date): void {
    const entry = this.entries.get(id);
    if (entry && (entry.recheckUntil === null || entry.recheckUntil <= at)) this.entries.delete(id);
  }

  failed(id: string): void {
    const entry = this.entries.get(id);
    if (entry) entry.attempts += 1;
  }
}
