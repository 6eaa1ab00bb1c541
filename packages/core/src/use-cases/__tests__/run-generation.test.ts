import { describe, expect, it } from 'vitest';
import { LogEvents, Messages } from '../../domain/messages.js';
import type { VideoRequest } from '../../domain/video-request.js';
import { makeWorld, veo, type World } from '../../__tests__/harness.js';

async function submitAndSettle(w: World, prompt: string, extra: Record<string, unknown> = {}): Promise<VideoRequest> {
  const result = await w.core.submit.execute(veo(prompt, extra));
  if (!result.ok) throw new Error(result.message);
  await w.core.scheduler.whenIdle();
  return (await w.repo.get(result.request.id)) as VideoRequest;
}

describe('RunGeneration (TRK-2…TRK-5, TRK-9 lifecycle)', () => {
  it('Status transition to generating stores operation_name, started_at, gcs_prefix; Successful completion stores video_urls, completed_at, duration_ms', async () => {
    const w = makeWorld();
    w.generator.script('fox', { outcome: 'succeed', afterPolls: 3 });
    const row = await submitAndSettle(w, 'fox');
    const start = w.generator.starts[0]!;
    expect(row).toMatchObject({ status: 'completed', operationName: start.operationName, gcsPrefix: `gs://fake-bucket/veo/${row.id}/`, attempts: 1 });
    expect(row.videoUrls).toEqual([`gs://fake-bucket/veo/${row.id}/sample_0.mp4`]);
    expect(row.startedAt).not.toBeNull();
    expect(row.durationMs).toBe(row.completedAt!.getTime() - row.startedAt!.getTime());
    expect(row.durationMs).toBeGreaterThan(0);
    expect(row.leaseOwner).toBeNull();
    expect(row.notifiedAt).not.toBeNull();
    expect(w.notifier.finalsFor(row.id)).toMatchObject([{ kind: 'completed', attached: true, notice: { resumed: false, route: 'interaction' } }]);
  });

  it('sends the start with the stored parameters', async () => {
    const w = makeWorld();
    await submitAndSettle(w, 'params', { durationSeconds: 4, aspectRatio: '9:16', resolution: '1080p', generateAudio: false, seed: 3 });
    expect(w.generator.starts[0]?.params).toMatchObject({ prompt: 'params', durationSeconds: 4, aspectRatio: '9:16', resolution: '1080p', generateAudio: false, seed: 3 });
  });

  it('Status transition logging and timing metrics: old/new status, duration, queueing time, labels', async () => {
    const w = makeWorld();
    const row = await submitAndSettle(w, 'logged');
    const transitions = w.logger.find(LogEvents.statusTransition).map((e) => e.fields);
    expect(transitions).toEqual([
      { request_id: row.id, old_status: 'pending', new_status: 'generating', duration_ms: null },
      { request_id: row.id, old_status: 'generating', new_status: 'completed', duration_ms: row.durationMs },
    ]);
    expect(w.logger.find(LogEvents.queueingTime)[0]?.fields).toEqual({ request_id: row.id, queueing_time_ms: row.startedAt!.getTime() - row.createdAt.getTime() });
    expect(w.logger.find(LogEvents.requestTiming)[0]?.fields).toEqual({ request_id: row.id, status: 'completed', duration_seconds: row.durationMs! / 1000, aspect_ratio: '16:9' });
  });

  it('Generation failure: stores Vertex\'s message, completed_at, partial duration, logs error_message; the user gets a Retry', async () => {
    const w = makeWorld();
    w.generator.script('broken', { outcome: 'fail', message: 'Internal error: model overloaded', afterPolls: 1 });
    const row = await submitAndSettle(w, 'broken');
    expect(row).toMatchObject({ status: 'failed', errorMessage: 'Internal error: model overloaded' });
    expect(row.durationMs).toBeGreaterThan(0);
    expect(w.logger.find(LogEvents.statusTransition)[1]?.fields).toMatchObject({ new_status: 'failed', error_message: 'Internal error: model overloaded' });
    expect(w.notifier.finalsFor(row.id)).toMatchObject([{ kind: 'failed', notice: { reason: 'Internal error: model overloaded', retryable: true } }]);
  });

  it('a safety-filtered result fails with a reason a user understands', async () => {
    const w = makeWorld();
    w.generator.script('unsafe', { outcome: 'filtered', reason: 'celebrity likeness' });
    const row = await submitAndSettle(w, 'unsafe');
    expect(row.status).toBe('failed');
    expect(row.errorMessage).toContain('safety filters: celebrity likeness');
  });

  it('Generation timeout: polling past 5 minutes → timeout "Generation timed out after 5 minutes"', async () => {
    const w = makeWorld();
    w.generator.script('slow', { outcome: 'succeed', afterPolls: 1_000 });
    const row = await submitAndSettle(w, 'slow');
    expect(row).toMatchObject({ status: 'timeout', errorMessage: 'Generation timed out after 5 minutes' });
    expect(row.completedAt!.getTime() - row.startedAt!.getTime()).toBeGreaterThanOrEqual(5 * 60_000);
  });

  it('429 on start: backs off with growing delays through the quota gate, then succeeds with one paid start', async () => {
    const w = makeWorld();
    w.generator.script('busy', { outcome: 'quota', times: 3, then: { outcome: 'succeed' } });
    const row = await submitAndSettle(w, 'busy');
    expect(row.status).toBe('completed');
    expect(w.generator.startCalls).toHaveLength(4);
    expect(w.generator.starts).toHaveLength(1);
    expect(w.logger.find('Vertex start refused; backing off')).toHaveLength(3);
  });

  it('gives up after repeated 429s with a clear "busy" message instead of hammering Vertex', async () => {
    const w = makeWorld({ generation: { maxStartAttempts: 3 } });
    w.generator.script('always busy', { outcome: 'quota', times: 99, then: { outcome: 'succeed' } });
    const row = await submitAndSettle(w, 'always busy');
    expect(row).toMatchObject({ status: 'failed', errorMessage: expect.stringContaining('quota exhausted') });
    expect(w.generator.startCalls).toHaveLength(3);
  });

  it('a start Vertex rejects (400) fails at once with Vertex\'s reason', async () => {
    const w = makeWorld();
    w.generator.script('rejected', { outcome: 'reject', message: 'Unsupported duration' });
    const row = await submitAndSettle(w, 'rejected');
    expect(row).toMatchObject({ status: 'failed', errorMessage: 'Vertex AI refused this request: Unsupported duration', durationMs: null });
    expect(w.generator.startCalls).toHaveLength(1);
  });

  it('a start with an unknown outcome is never re-sent: the output prefix is watched and the video found there', async () => {
    const w = makeWorld();
    const original = w.generator.start.bind(w.generator);
    w.generator.start = async (id, params) => {
      const started = await original(id, params); // Vertex did accept it…
      if (started.ok) w.generator.finishInBackground(started.operationName);
      await w.generator.poll(started.ok ? started.operationName : ''); // …and wrote the video
      return { ok: false, error: { kind: 'unknown-outcome', message: 'socket hang up' } }; // but the answer was lost
    };
    const row = await submitAndSettle(w, 'lost answer');
    expect(row.status).toBe('completed');
    expect(w.generator.starts).toHaveLength(1);
  });

  it('an unknown start outcome with no video ever appearing fails honestly, without a second start', async () => {
    const w = makeWorld();
    w.generator.start = async () => ({ ok: false, error: { kind: 'unknown-outcome', message: 'ECONNRESET' } });
    const row = await submitAndSettle(w, 'vanished');
    expect(row).toMatchObject({ status: 'failed', errorMessage: Messages.unknownStartOutcome });
  });

  it('keeps polling through transient poll errors', async () => {
    const w = makeWorld();
    w.generator.pollErrors = 3;
    const row = await submitAndSettle(w, 'flaky network');
    expect(row.status).toBe('completed');
    expect(w.logger.find('Polling failed; will retry')).toHaveLength(3);
  });

  it('shows live progress: queued (position, ETA) once accepted, then generating', async () => {
    const w = makeWorld();
    w.generator.script('progress', { outcome: 'succeed', afterPolls: 2 });
    const row = await submitAndSettle(w, 'progress');
    const updates = w.notifier.notices.filter((n) => n.kind === 'progress' && n.requestId === row.id);
    expect(updates).toHaveLength(3);
    expect(updates[0]).toMatchObject({ update: { stage: 'queued', position: 0, eta: { kind: 'unknown' } } });
    expect(updates[2]).toMatchObject({ update: { stage: 'generating' } });
  });

  it('attaches small videos and links big ones without reading their bytes', async () => {
    const w = makeWorld();
    w.generator.script('big', { outcome: 'succeed', sizeBytes: 80 * 1024 * 1024 });
    const row = await submitAndSettle(w, 'big');
    expect(w.notifier.finalsFor(row.id)).toMatchObject([{ kind: 'completed', attached: false }]);
    expect(w.store.reads).toEqual([]);
  });

  it('Channel no longer accessible: the completed request is recorded as undeliverable, nothing crashes', async () => {
    const w = makeWorld();
    w.notifier.goneChannels.add('channel-1');
    const row = await submitAndSettle(w, 'nowhere to post');
    expect(row).toMatchObject({ status: 'completed', notifyOutcome: 'undeliverable' });
    expect(w.logger.find(LogEvents.channelInaccessible)[0]?.fields).toMatchObject({ channel_id: 'channel-1', guild_id: 'guild-1' });
  });

  it('retries a notification Discord failed temporarily, and leaves it for resume if it keeps failing', async () => {
    const w = makeWorld();
    w.notifier.transientFailures = 1;
    const ok = await submitAndSettle(w, 'retried notice');
    expect(ok.notifyOutcome).toBe('delivered');
    w.notifier.transientFailures = 10;
    const later = await submitAndSettle(w, 'lost notice');
    expect(later).toMatchObject({ status: 'completed', notifiedAt: null });
  });

  it('a notifier that throws does not crash the run or leave the row stuck', async () => {
    const w = makeWorld();
    w.notifier.throwOnNotify = true;
    const row = await submitAndSettle(w, 'exploding notifier');
    expect(row.status).toBe('completed');
    expect(w.logger.find(LogEvents.notificationFailed).length).toBeGreaterThan(0);
  });

  it('an adapter bug (generator throws) is logged with its stack and ends as failed, not stuck', async () => {
    const w = makeWorld();
    w.generator.start = async () => {
      throw new TypeError('adapter bug');
    };
    const row = await submitAndSettle(w, 'buggy adapter');
    expect(row.status).toBe('failed');
    const [entry] = w.logger.find(LogEvents.taskError);
    expect(entry?.fields).toMatchObject({ request_id: row.id, error_message: 'adapter bug', stack_trace: expect.stringContaining('TypeError') });
  });

  it('shutdown stops polling, keeps the row generating with its operation, and releases the lease', async () => {
    const w = makeWorld({}, { auto: false });
    w.generator.script('interrupted', { outcome: 'succeed', afterPolls: 100 });
    const result = await w.core.submit.execute(veo('interrupted'));
    await w.clock.advance(30_000);
    await w.core.shutdown();
    const row = await w.repo.get(result.ok ? result.request.id : '');
    expect(row).toMatchObject({ status: 'generating', leaseOwner: null });
    expect(row?.operationName).toBeTruthy();
    expect(w.notifier.finalsFor(row!.id)).toEqual([]);
  });
});
