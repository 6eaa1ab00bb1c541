import { afterEach, beforeEach, expect } from 'vitest';
import type { VideoRequest } from '../../domain/video-request.js';
import type { RequestRepository } from '../../ports/request-repository.js';
import { aRequest, testUuid } from '../builders.js';

// Presence locks are database-wide: names of their own, so runs sharing one server never collide.
const RUN = Math.random().toString(36).slice(2, 8);
/** A live worker of the presence cases. */
export const ALIVE = `alive-worker-${RUN}`;
/** A worker whose process dies in the presence cases. */
export const DYING = `dying-worker-${RUN}`;

/** What a contract run needs: a repository over an empty store, and how to tear it down. */
export interface RepositoryFixture {
  readonly repo: RequestRepository;
  /** A second, independent repository over the same store (another process); optional. */
  readonly other?: RequestRepository;
  /**
   * Presence over the same store, and how a worker's process dies (its presence ends as the
   * server would see it: Postgres drops a dead connection's advisory locks). Optional: without
   * it, the presence cases are skipped.
   */
  readonly presence?: { join(workerId: string): Promise<void>; kill(workerId: string): Promise<void> };
  cleanup?(): Promise<void>;
}

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
/** A fixed instant `minutes` after the contracts' epoch. */
export const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

/** The current case's fixture and repository (set before each case). */
export interface RepositoryCase {
  fx: RepositoryFixture;
  repo: RequestRepository;
}

/**
 * Registers the set-up every request-port suite shares (a fresh store per case; the workers
 * these cases name announced as live) and returns the case's fixture and a `store` helper.
 */
export function repositoryCases(setup: () => Promise<RepositoryFixture>): { cx: RepositoryCase; store: (overrides?: Partial<VideoRequest>) => Promise<VideoRequest> } {
  const cx = {} as RepositoryCase;
  // Workers named in these cases are live processes (with presence, an unknown owner counts as gone).
  const LIVE = ['me', 'other', 'A', 'B', 'w1'];
  beforeEach(async () => {
    cx.fx = await setup();
    cx.repo = cx.fx.repo;
    for (const id of LIVE) await cx.fx.presence?.join(id);
  });
  afterEach(async () => {
    for (const id of LIVE) await cx.fx.presence?.kill(id);
    await cx.fx.cleanup?.();
  });
  const store = async (overrides: Partial<VideoRequest> = {}) => {
    const request = aRequest({ id: testUuid(), ...overrides });
    const result = await cx.repo.create(request);
    expect(result.created).toBe(true);
    return request;
  };
  return { cx, store };
}
