import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRequest, MemoryLogger, testUuid } from '@veo-bot/core/testing';
import { PgRequestRepository } from '../pg-request-repository.js';
import { PgWorkerPresence } from '../pg-worker-presence.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;
let presence: PgWorkerPresence;
// Presence locks are database-wide, and the repository contract (another file, run alongside)
// has live workers named A and B too: names of this file's own.
const A = 'concurrency-A';
const B = 'concurrency-B';
const DOOMED = 'concurrency-doomed';
// Every owner in these cases is a live process: it holds its presence lock.
const OWNERS = [A, B, ...[A, B].flatMap((o) => [0, 1, 2, 3].map((w) => `${o}-${w}`))];

beforeAll(async () => {
  db = await createTestSchema();
  presence = new PgWorkerPresence({ pool: db.pool({ max: OWNERS.length + 1 }), logger: new MemoryLogger() });
  for (const owner of OWNERS) await presence.join(owner);
});

afterAll(async () => {
  for (const owner of OWNERS) await presence?.leave(owner);
  await db?.drop();
});

const T0 = Date.UTC(2026, 10, 23, 12);
const at = (s: number) => new Date(T0 + s * 1000);

describe('leases across instances', () => {
  it('two pools claiming the same rows concurrently never hand a row out twice', async () => {
    const instances = [A, B].map((owner) => ({ owner, repo: new PgRequestRepository({ pool: db.pool({ max: 4 }), logger: new MemoryLogger() }) }));
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const request = aRequest({ id: testUuid(), createdAt: at(i) });
      await instances[0]!.repo.create(request);
      ids.push(request.id);
    }
    // Each instance runs four workers; every worker claims overlapping batches of ten.
    const claims = await Promise.all(
      instances.flatMap(({ owner, repo }) =>
        [0, 1, 2, 3].map(async (worker) => {
          const got: string[] = [];
          for (let round = 0; round < 25; round++) {
            const start = (worker * 7 + round * 10) % 200;
            const batch = [...ids.slice(start), ...ids.slice(0, start)].slice(0, 40);
            const claimed = await repo.claim(batch, { owner: `${owner}-${worker}`, until: at(3600), now: at(0) });
            got.push(...claimed.map((r) => r.id));
          }
          return [...new Set(got)]; // a worker may re-claim its own rows: count each once
        }),
      ),
    );
    const all = claims.flat();
    expect(new Set(all).size).toBe(all.length); // no row held by two workers
    expect(all).toHaveLength(ids.length);
    const rows = await Promise.all(ids.map((id) => instances[1]!.repo.get(id)));
    const owners = new Map(rows.map((r) => [r!.id, r!.leaseOwner]));
    claims.forEach((got, i) => {
      const owner = `${i < 4 ? A : B}-${i % 4}`;
      for (const id of got) expect(owners.get(id)).toBe(owner);
    });
  });

  it('eight workers on two pools draining with claimNext, racing claim(ids), never hand a row out twice; live leases are left alone', async () => {
    await db.truncate();
    const repos = [A, B].map(() => new PgRequestRepository({ pool: db.pool({ max: 4 }), logger: new MemoryLogger() }));
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      // Every fifth row is held by a live worker: never claimable here. Every seventh ran out: claimable.
      const lease = i % 5 === 0 ? { leaseOwner: A, leaseUntil: at(3600) } : i % 7 === 0 ? { leaseOwner: B, leaseUntil: at(-1) } : {};
      const request = aRequest({ id: testUuid(), createdAt: at(i), ...lease });
      await repos[0]!.create(request);
      if (i % 5 !== 0) ids.push(request.id);
    }
    const lease = (owner: string) => ({ owner, until: at(3600), now: at(0) });
    const claims = await Promise.all([
      ...OWNERS.slice(2).map(async (owner, w) => {
        const repo = repos[w % 2]!;
        const got: string[] = [];
        for (let batch = await repo.claimNext(lease(owner), 7); batch.length > 0; batch = await repo.claimNext(lease(owner), 7)) {
          expect(batch.map((r) => r.createdAt.getTime())).toEqual(batch.map((r) => r.createdAt.getTime()).sort((a, b) => a - b));
          got.push(...batch.map((r) => r.id));
        }
        return { owner, got };
      }),
      // A takeover sweep's claim of the ids it found, at the same time.
      repos[1]!.claim(ids.slice(0, 60), lease(B)).then((rows) => ({ owner: B, got: rows.map((r) => r.id) })),
    ]);
    const all = claims.flatMap((c) => c.got);
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual([...ids].sort());
    for (const { owner, got } of claims) for (const id of got) expect((await repos[0]!.get(id))?.leaseOwner).toBe(owner);
    const held = await db.pool().query<{ n: number }>('SELECT count(*)::int AS n FROM video_requests WHERE lease_owner = $2 AND lease_until = $1', [at(3600), A]);
    expect(held.rows[0]!.n).toBe(40);
  });

  it('an expired lease is taken over by another instance, a live one is not', async () => {
    const a = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
    const b = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
    const request = aRequest({ id: testUuid() });
    await a.create(request);
    expect(await a.claim([request.id], { owner: A, until: at(60), now: at(0) })).toHaveLength(1);
    expect(await b.claim([request.id], { owner: B, until: at(120), now: at(30) })).toHaveLength(0);
    expect(await b.claimNext({ owner: B, until: at(120), now: at(59) }, 10)).toHaveLength(0);
    expect(await b.claim([request.id], { owner: B, until: at(120), now: at(61) })).toHaveLength(1);
    expect(await a.renewLease(request.id, { owner: A, until: at(200), now: at(62) })).toBe(false);
    expect(await a.claimNext({ owner: A, until: at(180), now: at(119) }, 10)).toHaveLength(0);
    expect((await a.claimNext({ owner: A, until: at(180), now: at(120) }, 10)).map((r) => r.id)).toEqual([request.id]);
  });

  it('a killed instance\'s rows are taken over at once, long before its lease runs out', async () => {
    const repo = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
    const own = new PgWorkerPresence({ pool: db.pool(), logger: new MemoryLogger() });
    await own.join(DOOMED);
    const request = aRequest({ id: testUuid() });
    await repo.create(request);
    expect(await repo.claim([request.id], { owner: DOOMED, until: at(3600), now: at(0) })).toHaveLength(1);
    expect(await repo.claim([request.id], { owner: B, until: at(3600), now: at(1) })).toHaveLength(0);
    expect([...(await presence.alive([DOOMED, 'never-seen']))]).toEqual([DOOMED]);
    await own.kill(DOOMED); // the server sees the connection close, as after kill -9
    // It drops the lock once its backend notices the closed socket: moments (on a busy machine, not
    // always before the next query), never a lease period. Wait up to 5 s of the 3,600 s lease.
    for (const deadline = Date.now() + 5_000; [...(await presence.alive([DOOMED]))].length > 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    expect([...(await presence.alive([DOOMED]))]).toEqual([]);
    expect((await repo.findClaimable(B, at(2))).map((r) => r.id)).toContain(request.id);
    expect((await repo.claimNext({ owner: B, until: at(3600), now: at(2) }, 1)).map((r) => r.id)).toEqual([request.id]);
  });

  it('tells when the server last started (every presence ended then), from the server\'s own clock', async () => {
    const started = await presence.serverStartedAt();
    const { rows } = await db.pool().query<{ now: Date; uptime: number }>('SELECT now() AS now, extract(epoch FROM now() - pg_postmaster_start_time())::float AS uptime');
    expect(started).toBeInstanceOf(Date);
    expect(Math.abs(rows[0]!.now.getTime() - started.getTime() - rows[0]!.uptime * 1000)).toBeLessThan(1000);
  });
});
