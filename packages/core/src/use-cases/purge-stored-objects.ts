import { describeError } from '../domain/errors.js';
import { LogEvents } from '../domain/messages.js';
import type { Clock } from '../ports/clock.js';
import type { ErasureStore, StoragePurge } from '../ports/erasure-store.js';
import type { Logger } from '../ports/logger.js';
import type { VideoStore } from '../ports/video-store.js';

/** What one sweep did. */
export interface PurgeResult {
  /** Purges whose objects are gone (dropped, or kept for a later re-sweep). */
  readonly purged: number;
  /** Objects deleted by this sweep. */
  readonly objectsDeleted: number;
  /** Purges that failed (Cloud Storage refused or was down): retried on the next run. */
  readonly failed: number;
  /** Purges still queued after the sweep (failed ones and those to be swept again). */
  readonly queued: number;
}

/** What {@link PurgeStoredObjects} needs. */
export interface PurgeStoredObjectsDeps {
  readonly erasure: ErasureStore;
  /** Only its deletes are used. */
  readonly store: Pick<VideoStore, 'delete' | 'deletePrefix'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The output folder of a request (`VideoGenerator.outputPrefix`): swept even if the row never recorded it. */
  readonly outputPrefix?: (requestId: string) => string;
  readonly batchSize?: number;
}

/**
 * Deletes the Cloud Storage objects of deleted or erased requests: objects first, then the
 * queue entry, so a sweep that crashes halfway leaves the entry for the next one, and deleting
 * what is already gone is harmless. A failing entry is logged and skipped; it never blocks the rest.
 */
export class PurgeStoredObjects {
  constructor(private readonly deps: PurgeStoredObjectsDeps) {}

  async execute(): Promise<PurgeResult> {
    const { erasure, logger, clock } = this.deps;
    const size = this.deps.batchSize ?? 100;
    let after: string | null = null;
    let purged = 0;
    let objectsDeleted = 0;
    let failed = 0;
    for (;;) {
      const batch: StoragePurge[] = await erasure.queuedPurges(after, size);
      for (const purge of batch) {
        try {
          objectsDeleted += await this.deleteObjects(purge);
          await erasure.purgeDone(purge.id, clock.now());
          purged += 1;
        } catch (error) {
          failed += 1;
          logger.warn(LogEvents.purgeFailed, { purge_id: purge.id, request_id: purge.requestId, attempt: purge.attempts + 1, ...describeError(error) });
          await erasure.purgeFailed(purge.id).catch(() => undefined);
        }
      }
      const last = batch.at(-1);
      if (!last || batch.length < size) break;
      after = last.id;
    }
    const queued = await erasure.countQueuedPurges();
    if (purged > 0 || failed > 0) logger.info(LogEvents.purgeCompleted, { purged_count: purged, objects_deleted: objectsDeleted, failed_count: failed, queued_count: queued });
    return { purged, objectsDeleted, failed, queued };
  }

  private async deleteObjects(purge: StoragePurge): Promise<number> {
    const { store, outputPrefix } = this.deps;
    const prefixes = new Set<string>();
    if (purge.prefix) prefixes.add(purge.prefix);
    if (outputPrefix) prefixes.add(outputPrefix(purge.requestId));
    let deleted = 0;
    for (const prefix of prefixes) deleted += await store.deletePrefix(prefix);
    // Recorded videos outside those folders (e.g. written where another instance's operation put them).
    for (const uri of purge.uris) if (![...prefixes].some((p) => uri.startsWith(p))) await store.delete(uri);
    return deleted;
  }
}
