import { describe, expect, it } from 'vitest';
import { LogEvents, Messages } from '../../domain/messages.js';
import type { VideoRequest } from '../../domain/video-request.js';
import { aRequest, testUuid } from '../../testing/builders.js';
import { makeWorld, veo, type World } from '../../__tests__/harness.js';
import { VeoCore } from '../../core-app.js';

const MIN = 60_000;

/** A request left behind by a crashed process, `ageMin` minutes old. */
function leftBehind(w: World, ageMin: number, overrides: Partial<VideoRequest> = {}): VideoRequest {
  const createdAt = new Date(w.clock.now().getTime() - ageMin * MIN);
  const row = aRequest({ id: testUuid(), createdAt, updatedAt: createdAt, leaseOwner: 'crashed-worker', leaseUntil: new Date(createdAt.getTime() + MIN), ...overrides });
  w.repo.seed(row);
  return row;
}

function generating(w: World, ageMin: number, operationName: string, overrides: Partial<VideoRequest> = {}): VideoRequest {
  const row = leftBehind(w, ageMin, { status: 'generating', operationName, startedAt: new Date(w.clock.now().getTime() - ageMin * MIN + 1000), attempts: 1, ...overrides });
  return row;
}

describe('ResumeIncompleteRequests — Query Incomplete Requests on Startup', () => {
  it('Fetch pending and generating requests: oldest first, counts logged, old pending excluded from resumption', async () => {
    const w = makeWorld();
    const old = leftBehind(w, 25 * 60);
    const pending = leftBehind(w, 30);
    const gen = generating(w, 20, 'ops/running');
    w.generator.seedOperation('ops/running', gen.id, { outcome: 'succeed', afterPolls: 1 });
    const plan = await w.core.resume.plan();
    expect(plan.items.map((i) => [i.request.id, i.action])).toEqual([[old.id, 'expire'], [pending.id, 'start'], [gen.id, 'poll']]);
    await w.core.resume.execute();
    const [start] = w.logger.find(LogEvents.resumeStarting);
    expect(start).toMatchObject({ level: 'info', fields: { pending_count: 2, generating_count: 1, total_count: 3 } });
    expect(w.generator.starts.map((s) => s.requestId)).toEqual([pending.id]);
  });

  it('No incomplete requests on startup: logs "No incomplete requests to resume"', async () => {
    const w = makeWorld();
    const summary = await w.core.resume.execute();
    expect(summary.status).toBe('nothing');
    expect(w.logger.find(LogEvents.resumeNothing)).toHaveLength(1);
  });

  it('Database unavailable on startup: logs "Failed to query incomplete requests" and does not throw', async () => {
    const w = makeWorld();
    w.repo.available = false;
    await expect(w.core.resume.execute()).resolves.toMatchObject({ status: 'query-failed' });
    expect(w.logger.find(LogEvents.resumeQueryFailed)[0]).toMatchObject({ level: 'error', fields: { error_message: expect.any(String) } });
  });

  it('DISABLE_TASK_RESUME: does nothing and says so', async () => {
    const w = makeWorld({ resumeEnabled: false });
    leftBehind(w, 5);
    expect((await w.core.resume.execute()).status).toBe('disabled');
    expect(w.generator.startCalls).toEqual([]);
    expect(w.repo.calls).toEqual([]);
  });
});

describe('ResumeIncompleteRequests — Resume Pending Requests', () => {
  it('Resume pending request within interaction window: restarts with original parameters and answers through the interaction', async () => {
    const w = makeWorld();
    const row = leftBehind(w, 5, { prompt: 'kept params', durationSeconds: 4, aspectRatio: '9:16' });
    await w.core.resume.execute();
    expect(w.generator.starts[0]).toMatchObject({ requestId: row.id, params: { prompt: 'kept params', durationSeconds: 4, aspectRatio: '9:16' } });
    const final = await w.repo.get(row.id);
    expect(final?.status).toBe('completed');
    expect(w.notifier.finalsFor(row.id)).toMatchObject([{ kind: 'completed', notice: { route: 'interaction', resumed: true } }]);
    expect(w.logger.find(LogEvents.statusTransition).some((e) => e.fields.request_id === row.id && e.fields.new_status === 'generating')).toBe(true);
  });

  it('Resume pending request after interaction expiry: standalone context, completion posted to the channel', async () => {
    const w = makeWorld();
    const row = leftBehind(w, 20);
    await w.core.resume.execute();
    expect((await w.repo.get(row.id))?.status).toBe('completed');
    expect(w.notifier.finalsFor(row.id)).toMatchObject([{ kind: 'completed', notice: { route: 'channel', resumed: true } }]);
  });

  it('Resume pending request with channel access: no access → warning and failed "Cannot access channel for completion notification"', async () => {
    const w = makeWorld();
    const row = leftBehind(w, 20, { channelId: 'deleted-channel' });
    w.notifier.goneChannels.add('deleted-channel');
    await w.core.resume.execute();
    expect(await w.repo.get(row.id)).toMatchObject({ status: 'failed', errorMessage: Messages.channelInaccessible, notifyOutcome: 'undeliverable' });
    expect(w.generator.startCalls).toEqual([]);
    expect(w.logger.find(LogEvents.channelInaccessible)[0]).toMatchObject({ level: 'warn', fields: { channel_id: 'deleted-channel', guild_id: 'guild-1' } });
  });

  it('a pending request whose start may already have reached Vertex is recovered from storage, not paid twice', async () => {
    const w = makeWorld();
    const row = leftBehind(w, 3, { attempts: 1 });
    w.store.put(`${w.generator.outputPrefix(row.id)}sample_0.mp4`, 2048);
    const plan = await w.core.resume.plan();
    expect(plan.items[0]?.action).toBe('recover');
    await w.core.resume.execute();
    expect(await w.repo.get(row.id)).toMatchObject({ status: 'completed', videoUrls: [`${w.generator.outputPrefix(row.id)}sample_0.mp4`] });
    expect(w.generator.startCalls).toEqual([]);
  });
});

describe('ResumeIncompleteRequests — Resume Generating Requests', () => {
  it('Resume generating with operation still running: keeps polling the stored operation, then completes in the channel', async () => {
    const w = makeWorld();
    const row = generating(w, 30, 'ops/still-running');
    w.generator.seedOperation('ops/still-running', row.id, { outcome: 'succeed', afterPolls: 4 });
    await w.core.resume.execute();
    expect(w.generator.polls.filter((p) => p === 'ops/still-running')).toHaveLength(5);
    expect((await w.repo.get(row.id))?.status).toBe('completed');
    expect(w.notifier.finalsFor(row.id)).toMatchObject([{ kind: 'completed', notice: { route: 'channel', resumed: true } }]);
    expect(w.generator.startCalls).toEqual([]);
  });

  it('Resume generating with operation completed: fetched at once, stored as completed, video attached', async () => {
    const w = makeWorld();
    const row = generating(w, 50, 'ops/done');
    w.generator.seedOperation('ops/done', row.id, { outcome: 'succeed', afterPolls: 0, sizeBytes: 3 * 1024 * 1024 });
    await w.core.resume.execute();
    expect(w.generator.polls).toEqual(['ops/done']);
    const final = await w.repo.get(row.id);
    expect(final).toMatchObject({ status: 'completed', videoUrls: [`${w.generator.outputPrefix(row.id)}sample_0.mp4`] });
    expect(final?.durationMs).toBe(final!.completedAt!.getTime() - row.startedAt!.getTime());
    expect(w.notifier.finalsFor(row.id)).toMatchObject([{ kind: 'completed', attached: true }]);
  });

  it('Resume generating with operation expired: logs "Operation expired", timeout, "Video generation timed out during bot restart"', async () => {
    const w = makeWorld();
    const row = generating(w, 40, 'ops/forgotten-by-vertex');
    await w.core.resume.execute();
    expect(await w.repo.get(row.id)).toMatchObject({ status: 'timeout', errorMessage: Messages.timedOutDuringRestart });
    expect(w.logger.find(LogEvents.operationExpired)[0]?.fields).toMatchObject({ request_id: row.id, user_id: row.userId, operation_name: 'ops/forgotten-by-vertex' });
    expect(w.notifier.finalsFor(row.id)).toMatchObject([{ kind: 'failed', notice: { reason: Messages.timedOutDuringRestart, retryable: true } }]);
  });

  it('Resume generating with operation failed: failed with Vertex\'s message, failure posted', async () => {
    const w = makeWorld();
    const row = generating(w, 10, 'ops/errored');
    w.generator.seedOperation('ops/errored', row.id, { outcome: 'fail', message: 'RESOURCE_EXHAUSTED: out of capacity' });
    await w.core.resume.execute();
    expect(await w.repo.get(row.id)).toMatchObject({ status: 'failed', errorMessage: 'RESOURCE_EXHAUSTED: out of capacity' });
    expect(w.notifier.finalsFor(row.id)).toMatchObject([{ kind: 'failed' }]);
  });

  it('Check generating requests regardless of age: a 3-day-old generating request is polled, not expired', async () => {
    const w = makeWorld();
    const row = generating(w, 3 * 24 * 60, 'ops/ancient');
    w.generator.seedOperation('ops/ancient', row.id, { outcome: 'succeed' });
    await w.core.resume.execute();
    expect(w.generator.polls[0]).toBe('ops/ancient');
    expect((await w.repo.get(row.id))?.status).toBe('completed');
  });
});

describe('ResumeIncompleteRequests — notifications and age', () => {
  it('Send completion message to channel / lost notification: a completed but unannounced request is announced once', async () => {
    const w = makeWorld();
    const row = leftBehind(w, 60, { status: 'completed', videoUrls: ['gs://fake-bucket/veo/x/sample_0.mp4'], completedAt: w.clock.now(), leaseOwner: null, leaseUntil: null });
    w.store.put('gs://fake-bucket/veo/x/sample_0.mp4', 1000);
    await w.core.resume.execute();
    await w.core.resume.execute();
    expect(w.notifier.finalsFor(row.id)).toMatchObject([{ kind: 'completed', notice: { resumed: true } }]);
    expect((await w.repo.get(row.id))?.notifiedAt).not.toBeNull();
  });

  it('Mark very old pending requests as expired: timeout, "Request expired (>24 hours old)", logged, user told', async () => {
    const w = makeWorld();
    const row = leftBehind(w, 24 * 60 + 1);
    await w.core.resume.execute();
    expect(await w.repo.get(row.id)).toMatchObject({ status: 'timeout', errorMessage: 'Request expired (>24 hours old)' });
    expect(w.generator.startCalls).toEqual([]);
    expect(w.logger.find(LogEvents.requestExpired)[0]?.fields).toMatchObject({ request_id: row.id });
    expect(w.notifier.finalsFor(row.id)).toMatchObject([{ kind: 'failed', notice: { reason: 'Request expired (>24 hours old)' } }]);
  });

  it('Resume recent pending requests: a request of exactly 24 h is still resumed', async () => {
    const w = makeWorld();
    const row = leftBehind(w, 24 * 60);
    await w.core.resume.execute();
    expect((await w.repo.get(row.id))?.status).toBe('completed');
  });

  it('Log individual request resume and completion: fields of the seed', async () => {
    const w = makeWorld();
    const ok = leftBehind(w, 7);
    const gone = generating(w, 6, 'ops/gone');
    const bad = generating(w, 5, 'ops/bad');
    w.generator.seedOperation('ops/bad', bad.id, { outcome: 'fail', message: 'nope' });
    const summary = await w.core.resume.execute();
    expect(summary).toMatchObject({ status: 'done', total: 3, completed: 1, failed: 1, timeout: 1 });
    expect(w.logger.find(LogEvents.resumeRequest).map((e) => e.fields)).toEqual([
      expect.objectContaining({ request_id: ok.id, user_id: 'user-1', status: 'pending', age_minutes: 7 }),
      expect.objectContaining({ request_id: gone.id, status: 'generating', age_minutes: 6 }),
      expect.objectContaining({ request_id: bad.id, status: 'generating', age_minutes: 5 }),
    ]);
    const [done] = w.logger.find(LogEvents.resumeCompleted);
    expect(done).toMatchObject({ level: 'info', fields: { completed_count: 1, failed_count: 1, timeout_count: 1, total_duration_ms: expect.any(Number) } });
  });

  it('Log resume errors: an error on one request is logged with stack and the others continue', async () => {
    const w = makeWorld();
    const broken = leftBehind(w, 9, { prompt: 'explodes' });
    const fine = leftBehind(w, 8, { prompt: 'fine' });
    const original = w.generator.start.bind(w.generator);
    w.generator.start = async (id, params) => {
      if (params.prompt === 'explodes') throw new Error('boom');
      return original(id, params);
    };
    await expect(w.core.resume.execute()).resolves.toMatchObject({ failed: 1, completed: 1 });
    expect(w.logger.find(LogEvents.taskError)[0]?.fields).toMatchObject({ request_id: broken.id, error_message: 'boom', stack_trace: expect.any(String) });
    expect((await w.repo.get(fine.id))?.status).toBe('completed');
  });
});

describe('ResumeIncompleteRequests — prioritisation and limits', () => {
  it('Process resumed tasks before accepting new commands: new /veo work waits behind resumed work, FIFO by created_at', async () => {
    const w = makeWorld({ scheduler: { concurrency: 1 } });
    const b = leftBehind(w, 10, { prompt: 'second oldest' });
    const a = leftBehind(w, 12, { prompt: 'oldest' });
    const resume = w.core.resume.execute();
    const fresh = await w.core.submit.execute(veo('brand new'));
    expect(fresh.ok).toBe(true);
    await resume;
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts.map((s) => s.requestId).slice(0, 2)).toEqual([a.id, b.id]);
    expect(w.generator.starts.map((s) => s.params.prompt)).toEqual(['oldest', 'second oldest', 'brand new']);
  });

  it('Concurrent resume processing: at most 3 at once, progress logged every 5', async () => {
    const w = makeWorld();
    for (let i = 0; i < 10; i++) leftBehind(w, 30 - i, { prompt: `p${i}` });
    let running = 0;
    let peak = 0;
    const original = w.generator.start.bind(w.generator);
    w.generator.start = async (id, params) => {
      running += 1;
      peak = Math.max(peak, running);
      return original(id, params);
    };
    const originalPoll = w.generator.poll.bind(w.generator);
    w.generator.poll = async (name) => {
      const outcome = await originalPoll(name);
      if (outcome.state !== 'running') running -= 1;
      return outcome;
    };
    await w.core.resume.execute();
    expect(peak).toBe(3);
    expect(w.logger.find(LogEvents.resumeProgress).map((e) => e.fields.processed)).toEqual([5, 10]);
  });

  it('Resume process timeout protection: a request over 10 minutes is timed out and the rest continue', async () => {
    const w = makeWorld({ scheduler: { concurrency: 1 }, generation: { generationTimeoutMs: 60 * 60_000 } });
    const stuck = generating(w, 5, 'ops/forever');
    w.generator.seedOperation('ops/forever', stuck.id, { outcome: 'succeed', afterPolls: 1_000_000 });
    const next = leftBehind(w, 4);
    const summary = await w.core.resume.execute();
    expect(summary).toMatchObject({ timeout: 1, completed: 1 });
    expect(await w.repo.get(stuck.id)).toMatchObject({ status: 'timeout', errorMessage: Messages.timedOutDuringRestart });
    expect(w.logger.find(LogEvents.taskTimeout)[0]).toMatchObject({ level: 'warn', fields: { request_id: stuck.id } });
    expect((await w.repo.get(next.id))?.status).toBe('completed');
  });

  it('skips requests another live instance holds, and a sweep takes them over once the lease runs out', async () => {
    const w = makeWorld();
    const held = leftBehind(w, 2, { leaseOwner: 'instance-b', leaseUntil: new Date(w.clock.now().getTime() + 5 * MIN) });
    expect(await w.core.resume.execute()).toMatchObject({ skipped: 1 });
    expect(w.generator.startCalls).toEqual([]);
    await w.clock.advance(6 * MIN);
    expect(await w.core.resume.execute({ sweep: true })).toMatchObject({ completed: 1 });
    expect((await w.repo.get(held.id))?.status).toBe('completed');
  });

  it('only resumes guilds this shard owns', async () => {
    const w = makeWorld();
    leftBehind(w, 2, { guildId: 'other-shard' });
    const core = new VeoCore({
      repo: w.repo, generator: w.generator, store: w.store, notifier: w.notifier, quota: w.quota, clock: w.clock, logger: w.logger,
      ids: { newId: () => testUuid() }, workerId: 'shard-0', policy: { models: [], defaultModel: 'x' }, ownsGuild: (g) => g !== 'other-shard',
    });
    expect((await core.resume.plan()).items).toEqual([]);
  });
});

describe('ResumeIncompleteRequests — exactly one notification', () => {
  it('a crash after the message was sent but before notified_at was written does not announce twice', async () => {
    const w = makeWorld();
    const row = leftBehind(w, 30, { status: 'failed', errorMessage: 'model error', completedAt: w.clock.now(), leaseOwner: null, leaseUntil: null });
    // The previous process got this far: the user saw the failure…
    await w.notifier.failed(row, { reason: 'model error', resumed: false, retryable: true, route: 'channel' });
    // …and it died before recording it.
    await w.core.resume.execute();
    expect(w.notifier.finalsFor(row.id)).toHaveLength(1);
    expect(await w.repo.get(row.id)).toMatchObject({ notifyOutcome: 'delivered' });
    expect(w.logger.find('Notification already visible; recorded without sending again')).toHaveLength(1);
  });
});
