import { describe, expect, it } from 'vitest';
import { makeWorld, veo } from '../../__tests__/harness.js';

describe('KeepLeases (multi-instance safety)', () => {
  it('renews the lease of queued and running work so no other instance takes it', async () => {
    const w = makeWorld({ leaseMs: 60_000 }, { auto: false });
    w.generator.script('long', { outcome: 'succeed', afterPolls: 20 });
    const result = await w.core.submit.execute(veo('long'));
    const id = result.ok ? result.request.id : '';
    w.core.startBackground({ clock: w.clock, logger: w.logger });
    await w.clock.advance(150_000);
    const row = await w.repo.get(id);
    expect(row?.leaseOwner).toBe('worker-a');
    expect(row!.leaseUntil!.getTime()).toBeGreaterThan(w.clock.now().getTime());
    await w.core.shutdown();
  });

  it('stops working on a request whose lease another instance took', async () => {
    const w = makeWorld({ leaseMs: 60_000 }, { auto: false });
    w.generator.script('stolen', { outcome: 'succeed', afterPolls: 50 });
    const result = await w.core.submit.execute(veo('stolen'));
    const id = result.ok ? result.request.id : '';
    await w.clock.advance(70_000);
    await w.repo.claim([id], { owner: 'instance-b', until: new Date(w.clock.now().getTime() + 60_000), now: w.clock.now() });
    expect(await w.core.keepLeases.execute()).toBe(1);
    await w.clock.advance(60_000);
    expect(w.core.scheduler.stats()).toMatchObject({ running: 0, queued: 0 });
    expect(w.logger.find('Lease lost; another instance owns this request now')).toHaveLength(1);
  });

  it('keeps going when the database is down during renewal', async () => {
    const w = makeWorld({}, { auto: false });
    await w.core.submit.execute(veo('x'));
    w.repo.available = false;
    expect(await w.core.keepLeases.execute()).toBe(0);
    expect(w.logger.find('Lease renewal failed')).toHaveLength(1);
  });
});
