import { describe, expect, it } from 'vitest';
import { LogEvents } from '../../domain/messages.js';
import { aRequest, testUuid } from '../../testing/builders.js';
import { makeWorld, veo } from '../../__tests__/harness.js';

describe('SubmitVideoRequest (TRK-1 "Request creation on command invoke")', () => {
  it('Request creation on command invoke: stores pending with Discord context, parameters, created_at, and returns the UUID', async () => {
    const w = makeWorld({}, { auto: false });
    const result = await w.core.submit.execute(veo('a fox running through snow', { durationSeconds: 6, aspectRatio: '9:16', resolution: '1080p', generateAudio: false }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.request.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.persisted).toBe(true);
    const row = await w.repo.get(result.request.id);
    expect(row).toMatchObject({
      status: 'pending',
      userId: 'user-1',
      guildId: 'guild-1',
      channelId: 'channel-1',
      prompt: 'a fox running through snow',
      durationSeconds: 6,
      aspectRatio: '9:16',
      resolution: '1080p',
      generateAudio: false,
      createdAt: w.clock.now(),
      leaseOwner: 'worker-a',
      interaction: { applicationId: 'app', interactionId: 'i-a fox running through snow', token: 'tok-a fox running through snow' },
    });
  });

  it('Request creation logging: request_id, user_id, guild_id, prompt_length, parameters, prompt cut to 50 chars', async () => {
    const w = makeWorld({}, { auto: false });
    const prompt = 'p'.repeat(80);
    const result = await w.core.submit.execute(veo(prompt));
    const [entry] = w.logger.find(LogEvents.requestCreated);
    expect(entry?.level).toBe('info');
    expect(entry?.fields).toMatchObject({ request_id: result.ok && result.request.id, user_id: 'user-1', guild_id: 'guild-1', prompt_length: 80, prompt: `${'p'.repeat(50)}…` });
    expect(entry?.fields.parameters).toMatchObject({ duration_seconds: 8, aspect_ratio: '16:9' });
  });

  it('refuses invalid options with every problem, storing nothing', async () => {
    const w = makeWorld({}, { auto: false });
    const result = await w.core.submit.execute(veo('', { durationSeconds: 5 }));
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    if (!result.ok && result.reason === 'invalid') expect(result.message).toBe('The prompt must not be empty.\nDuration must be one of 4, 6, 8 seconds for Veo 3.1.');
    expect(w.repo.all()).toEqual([]);
  });

  it('applies the per-user limit per rolling 24 h and says when the next slot frees', async () => {
    const w = makeWorld({ perUserDailyLimit: 2 }, { auto: false });
    const first = await w.core.submit.execute(veo('one'));
    await w.clock.advance(60 * 60_000);
    await w.core.submit.execute(veo('two'));
    const third = await w.core.submit.execute(veo('three'));
    expect(third).toMatchObject({ ok: false, reason: 'rate-limited', limit: 2 });
    if (!third.ok && third.reason === 'rate-limited' && first.ok) {
      expect(third.retryAt).toEqual(new Date(first.request.createdAt.getTime() + 24 * 60 * 60_000));
      expect(third.message).toContain('2 videos allowed per 24 hours');
    }
    expect((await w.core.submit.execute(veo('other user', {}, 'user-2'))).ok).toBe(true);
  });

  it('failed requests do not use up the daily limit', async () => {
    const w = makeWorld({ perUserDailyLimit: 1 }, { auto: false });
    w.repo.seed(aRequest({ id: testUuid(), userId: 'user-1', status: 'failed', createdAt: w.clock.now() }));
    expect((await w.core.submit.execute(veo('allowed'))).ok).toBe(true);
  });

  it('Database unavailable during request creation: logs with context, returns a synthetic id, and the video is still made', async () => {
    const w = makeWorld();
    w.repo.available = false;
    const result = await w.core.submit.execute(veo('db is down'));
    expect(result).toMatchObject({ ok: true, persisted: false });
    const [entry] = w.logger.find(LogEvents.requestCreateFailed);
    expect(entry?.level).toBe('error');
    expect(entry?.fields).toMatchObject({ user_id: 'user-1', channel_id: 'channel-1', synthetic_id: true, error_message: expect.stringContaining('offline') });
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts).toHaveLength(1);
    expect(w.notifier.finalsFor(result.ok ? result.request.id : '')).toMatchObject([{ kind: 'completed' }]);
  });

  it('Database unavailable during status update: logs, completes the work, and backfills the row when the database is back', async () => {
    const w = makeWorld({}, { auto: false });
    w.generator.script('outage then recovery', { outcome: 'succeed', afterPolls: 3 });
    w.repo.available = false;
    const result = await w.core.submit.execute(veo('outage then recovery'));
    await w.clock.advance(1); // the start happens while the database is down
    expect(w.generator.starts).toHaveLength(1);
    w.repo.available = true;
    await w.clock.advance(10 * 60_000);
    await w.core.scheduler.whenIdle();
    expect(w.logger.find(LogEvents.statusUpdateFailed).length).toBeGreaterThan(0);
    const id = result.ok ? result.request.id : '';
    expect(await w.repo.get(id)).toMatchObject({ status: 'completed' });
    expect(w.notifier.finalsFor(id)).toHaveLength(1);
  });

  it('Duplicate request creation: same UUID → warning, existing request used', async () => {
    const w = makeWorld({}, { auto: false });
    const existing = aRequest({ id: '00000000-0000-4000-8000-00000000f001', prompt: 'original' });
    w.repo.seed(existing);
    const result = await w.core.submit.execute(veo('new prompt'));
    expect(result.ok && result.request.id).toBe(existing.id);
    expect(result.ok && result.request.prompt).toBe('original');
    expect(w.logger.find(LogEvents.duplicateRequest)[0]).toMatchObject({ level: 'warn', fields: { request_id: existing.id } });
  });

  it('tells the queue position behind resumed work', async () => {
    const w = makeWorld({ scheduler: { concurrency: 1 } }, { auto: false });
    const a = await w.core.submit.execute(veo('a'));
    const b = await w.core.submit.execute(veo('b'));
    const c = await w.core.submit.execute(veo('c'));
    expect([a, b, c].map((r) => r.ok && r.queuePosition)).toEqual([1, 1, 2]);
  });
});
