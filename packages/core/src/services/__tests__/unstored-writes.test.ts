import { describe, expect, it } from 'vitest';
import { RepositoryUnavailableError } from '../../domain/errors.js';
import { makeWorld, veo } from '../../__tests__/harness.js';

describe('Database outages: every state is written once the database is back', () => {
  it('a request whose whole life happened during the outage is reconciled with its final state and notification', async () => {
    const w = makeWorld();
    w.repo.available = false;
    const result = await w.core.submit.execute(veo('made while the database slept'));
    await w.core.scheduler.whenIdle();
    const id = result.ok ? result.request.id : '';
    expect(w.notifier.finalsFor(id)).toHaveLength(1);
    expect(w.core.unstored.size).toBe(1);
    expect(await w.core.unstored.reconcile()).toBe(0);
    w.repo.available = true;
    expect(await w.core.unstored.reconcile()).toBe(1);
    const row = await w.repo.get(id);
    expect(row).toMatchObject({ status: 'completed', notifyOutcome: 'delivered' });
    expect(row?.operationName).toBeTruthy();
    expect(row?.notifiedAt).not.toBeNull();
    // A resume after the outage finds nothing to redo: the user is not told twice.
    await w.core.resume.execute();
    expect(w.notifier.finalsFor(id)).toHaveLength(1);
    expect(w.generator.starts).toHaveLength(1);
  });

  it('a lost "generating" write is stored before the next transition, so completion is not refused', async () => {
    const w = makeWorld({}, { auto: false });
    w.generator.script('flaky db', { outcome: 'succeed', afterPolls: 2 });
    const result = await w.core.submit.execute(veo('flaky db'));
    const id = result.ok ? result.request.id : '';
    const original = w.repo.transition.bind(w.repo);
    let failNext = true;
    w.repo.transition = async (rid, change) => {
      if (failNext && change.to === 'generating') {
        failNext = false;
        throw new RepositoryUnavailableError('blip');
      }
      return original(rid, change);
    };
    await w.clock.advance(5 * 60_000);
    await w.core.scheduler.whenIdle();
    expect(await w.repo.get(id)).toMatchObject({ status: 'completed', operationName: w.generator.starts[0]?.operationName });
    expect(w.notifier.finalsFor(id)).toHaveLength(1);
    expect(w.core.unstored.size).toBe(0);
  });

  it('the reconcile loop runs in the background', async () => {
    const w = makeWorld({ leaseMs: 8_000 }, { auto: false });
    w.repo.available = false;
    const result = await w.core.submit.execute(veo('background reconcile'));
    await w.clock.advance(5 * 60_000);
    w.core.startBackground({ clock: w.clock, logger: w.logger });
    w.repo.available = true;
    await w.clock.advance(3_000);
    expect((await w.repo.get(result.ok ? result.request.id : ''))?.status).toBe('completed');
    await w.core.shutdown();
  });
});
