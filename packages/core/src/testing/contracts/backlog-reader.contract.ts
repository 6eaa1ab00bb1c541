import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../domain/video-request.js';
import type { BacklogCursor, BacklogReader } from '../../ports/backlog-reader.js';
import type { RequestRepository } from '../../ports/request-repository.js';
import { aRequest, testUuid } from '../builders.js';

/** A reader and the repository it reads, over an empty store. */
export interface BacklogReaderFixture {
  readonly reader: BacklogReader;
  readonly repo: RequestRepository;
  cleanup?(): Promise<void>;
}

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** The behaviour every BacklogReader must have (core's over a repository, the Postgres query). */
export function backlogReaderContract(name: string, setup: () => Promise<BacklogReaderFixture>): void {
  describe(`BacklogReader contract: ${name}`, () => {
    let fx: BacklogReaderFixture;
    beforeEach(async () => {
      fx = await setup();
    });
    afterEach(async () => {
      await fx.cleanup?.();
    });

    const store = async (minute: number, overrides: Partial<VideoRequest> = {}): Promise<VideoRequest> => {
      const request = aRequest({ id: testUuid(), createdAt: at(minute), updatedAt: at(minute), ...overrides });
      await fx.repo.create(request);
      return request;
    };
    const readAll = async (pageSize: number): Promise<string[][]> => {
      const pages: string[][] = [];
      let after: BacklogCursor | null = null;
      for (;;) {
        const page = await fx.reader.openAfter(after, pageSize);
        if (page.length === 0) return pages;
        pages.push(page.map((r) => r.id));
        const last = page[page.length - 1]!;
        after = { createdAt: last.createdAt, id: last.id };
      }
    };

    it('pages through pending, generating and finished-but-unannounced rows, oldest first, each once', async () => {
      const a = await store(1);
      const done = await store(2);
      await fx.repo.transition(done.id, { to: 'failed', at: at(3), errorMessage: 'x' });
      await fx.repo.markNotified(done.id, at(3), 'delivered');
      const b = await store(3);
      await fx.repo.transition(b.id, { to: 'generating', at: at(4), operationName: 'ops/b' });
      const c = await store(4);
      await fx.repo.transition(c.id, { to: 'generating', at: at(5), operationName: 'ops/c' });
      await fx.repo.transition(c.id, { to: 'completed', at: at(5), videoUrls: ['gs://b/c.mp4'] });
      const d = await store(5);
      expect(await readAll(2)).toEqual([[a.id, b.id], [c.id, d.id]]);
      expect(await readAll(10)).toEqual([[a.id, b.id, c.id, d.id]]);
      expect((await fx.reader.openAfter(null, 1))[0]).toEqual(await fx.repo.get(a.id));
    });

    it('rows created in the same instant are ordered by id and never skipped at a page boundary', async () => {
      const same = await Promise.all([store(1), store(1), store(1), store(1), store(1)]);
      const ids = same.map((r) => r.id).sort();
      expect((await readAll(2)).flat()).toEqual(ids);
    });

    it('an empty backlog is an empty page', async () => {
      expect(await fx.reader.openAfter(null, 10)).toEqual([]);
    });
  });
}
