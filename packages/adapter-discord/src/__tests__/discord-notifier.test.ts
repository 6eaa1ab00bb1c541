import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aDeliverableVideo, aRequest, MemoryLogger } from '@veo-bot/core/testing';
import type { VideoRequest } from '@veo-bot/core';
import { DiscordNotifier } from '../discord-notifier.js';
import { messageNonce } from '../nonce.js';
import { FakeDiscord, userView, type FakeChannel, type FakeGuild } from '../testing/index.js';

const MIB = 1024 * 1024;

describe('DiscordNotifier', () => {
  let fake: FakeDiscord;
  let guild: FakeGuild;
  let channel: FakeChannel;
  let logger: MemoryLogger;
  let notifier: DiscordNotifier;
  const request = (overrides: Partial<VideoRequest> = {}) => aRequest({ userId: '4242', guildId: guild.id, channelId: channel.id, interaction: null, ...overrides });
  const posts = () => fake.messagesIn(channel.id).filter((m) => m.kind !== 'original');

  beforeEach(async () => {
    fake = await FakeDiscord.start();
    guild = fake.addGuild();
    channel = fake.addChannel(guild.id);
    logger = new MemoryLogger();
    notifier = new DiscordNotifier({ token: 'fake-bot-token', apiBaseUrl: fake.apiUrl, logger });
  });
  afterEach(async () => {
    await fake.stop();
    expect(fake.refusedRequests()).toEqual([]);
  });

  it('while generating the status shows a bar, the share done and the time left from recent times, and says when it takes longer than usual', async () => {
    const seeded = fake.seedDeferredInteraction({ channelId: channel.id, userId: '4242' });
    const stored = request({ interaction: { applicationId: fake.applicationId, interactionId: seeded.id, token: seeded.token } });
    const eta = (readyInMs: number) => ({ kind: 'estimate' as const, readyInMs, typicalMs: 80_000, samples: 12 });
    const shown = async (elapsedMs: number, readyInMs: number) => {
      await notifier.progress(stored, { stage: 'generating', elapsedMs, route: 'interaction', eta: eta(readyInMs) });
      return fake.originalOf(seeded)?.content ?? '';
    };
    expect(await shown(20_000, 60_000)).toBe('🎬 Generating… ▰▰▰▱▱▱▱▱▱▱▱▱ 25% — 20s elapsed, about 1 min left.');
    expect(await shown(60_000, 20_000)).toBe('🎬 Generating… ▰▰▰▰▰▰▰▰▰▱▱▱ 75% — 1m 00s elapsed, under a minute left.');
    expect(await shown(85_000, 0)).toContain('almost done');
    const late = await shown(150_000, 0);
    expect(late).toBe('🎬 Generating… ▰▰▰▰▰▰▰▰▰▰▰▱ — 2m 30s elapsed; taking longer than usual (one takes about 1 min lately).');
    expect(late.length).toBeLessThan(200);
    await notifier.progress(stored, { stage: 'generating', elapsedMs: 5_000, route: 'interaction' });
    expect(fake.originalOf(seeded)?.content).toBe('🎬 Generating… 5s elapsed.');
  });

  it('answers through a stored interaction token from a fresh instance: progress edits, completion is a pinging follow-up', async () => {
    const seeded = fake.seedDeferredInteraction({ channelId: channel.id, userId: '4242' });
    const stored = request({ interaction: { applicationId: fake.applicationId, interactionId: seeded.id, token: seeded.token } });
    // A new process: its own notifier, no gateway, no shared state.
    const restarted = new DiscordNotifier({ token: 'fake-bot-token', apiBaseUrl: fake.apiUrl, logger });
    await restarted.progress(stored, { stage: 'generating', elapsedMs: 65_000, route: 'interaction' });
    expect(fake.originalOf(seeded)?.content).toContain('Generating… 1m 05s elapsed');

    const result = await restarted.completed(stored, { video: aDeliverableVideo(2 * MIB), resumed: true, route: 'interaction' });
    expect(result).toEqual({ delivered: true, via: 'interaction', attached: true });
    const [followUp, ...more] = fake.followUpsOf(seeded);
    expect(more).toEqual([]);
    expect(followUp?.attachments[0]?.size).toBe(2 * MIB);
    expect(followUp && userView(followUp, '4242')).toMatchObject({ mentionsUser: true, attached: true });
    expect(followUp?.allowedMentions).toEqual({ users: ['4242'] });
    expect(followUp?.embeds[0]?.footer?.text).toBe(`Resumed after bot restart · Request ${stored.id}`);
    expect(fake.originalOf(seeded)?.content).toContain('Done');
    const webhookCalls = fake.requests.filter((r) => r.path.startsWith('/webhooks/'));
    expect(webhookCalls.every((r) => !r.authorized)).toBe(true);
  });

  it('names a model of the operator\'s catalog by its label, in completions and failures alike', async () => {
    const models = [{ id: 'veo-4.0-generate-001', label: 'Veo 4', durations: [8], aspectRatios: ['16:9'] as const, resolutions: ['1080p'] as const, audio: true, defaultDuration: 8 }];
    const named = new DiscordNotifier({ token: 'fake-bot-token', apiBaseUrl: fake.apiUrl, logger, models });
    const modelField = (i: number) => posts()[i]?.embeds[0]?.fields?.find((f) => f.name === 'Model')?.value;
    await named.completed(request({ model: 'veo-4.0-generate-001' }), { video: aDeliverableVideo(MIB), resumed: false, route: 'channel' });
    await named.failed(request({ model: 'veo-4.0-generate-001' }), { reason: 'boom', resumed: false, retryable: true, route: 'channel' });
    // A built-in model stays named too, whatever the catalog holds.
    await named.completed(request({ model: 'veo-3.1-fast-generate-001' }), { video: aDeliverableVideo(MIB), resumed: false, route: 'channel' });
    expect([modelField(0), modelField(1), modelField(2)]).toEqual(['Veo 4', 'Veo 4', 'Veo 3.1 Fast']);
  });

  it('asks the fence right before the announcing post and posts nothing when another instance owns the request', async () => {
    const seeded = fake.seedDeferredInteraction({ channelId: channel.id, userId: '4242' });
    const stored = request({ interaction: { applicationId: fake.applicationId, interactionId: seeded.id, token: seeded.token } });
    let asked = 0;
    const fence = async () => (asked += 1) < 0;
    expect(await notifier.completed(stored, { video: aDeliverableVideo(MIB), resumed: false, route: 'interaction', fence })).toMatchObject({ delivered: false, reason: 'transient' });
    expect(await notifier.failed(request(), { reason: 'boom', resumed: false, retryable: true, route: 'channel', fence })).toMatchObject({ delivered: false, reason: 'transient' });
    expect(asked).toBe(2);
    expect(fake.followUpsOf(seeded)).toEqual([]);
    expect(posts()).toEqual([]);
  });

  it('expired interaction token → the completion falls back to a channel post with a nonce', async () => {
    const seeded = fake.seedDeferredInteraction({ channelId: channel.id, userId: '4242' });
    fake.expireInteraction(seeded.token);
    const stored = request({ interaction: { applicationId: fake.applicationId, interactionId: seeded.id, token: seeded.token } });
    await expect(notifier.progress(stored, { stage: 'queued', position: 1, route: 'interaction' })).resolves.toBeUndefined();
    const result = await notifier.failed(stored, { reason: 'Video generation timed out during bot restart', resumed: true, retryable: true, route: 'interaction' });
    expect(result).toEqual({ delivered: true, via: 'channel' });
    const [post] = posts();
    expect(post?.kind).toBe('channel');
    expect(post?.nonce).toBe(messageNonce(stored.id, 'failed'));
    expect(post && userView(post, '4242')).toMatchObject({ mentionsUser: true, retryButton: true });
  });

  it.each([
    { tier: 0, size: 10 * MIB, attached: true },
    { tier: 0, size: 10 * MIB + 1, attached: false },
    { tier: 2, size: 30 * MIB, attached: true },
    { tier: 2, size: 60 * MIB, attached: false },
    { tier: 3, size: 60 * MIB, attached: true },
  ])('boost tier $tier, $size bytes → attached: $attached', async ({ tier, size, attached }) => {
    guild.premiumTier = tier;
    const video = aDeliverableVideo(size);
    const result = await notifier.completed(request(), { video, resumed: false, route: 'channel' });
    expect(result).toMatchObject({ delivered: true, attached });
    expect(video.opened).toBe(attached);
    const [post] = posts();
    expect(post?.attachments.length).toBe(attached ? 1 : 0);
    if (!attached) expect(post?.content).toContain(video.link);
  });

  it('DMs use the 10 MiB default', async () => {
    const dm = fake.addChannel(null);
    const video = aDeliverableVideo(20 * MIB);
    const result = await notifier.completed(request({ guildId: null, channelId: dm.id }), { video, resumed: false, route: 'channel' });
    expect(result).toMatchObject({ delivered: true, attached: false });
  });

  it('413 / 40005 → retried once with the link', async () => {
    guild.premiumTier = 2;
    fake.setUploadLimitMiB(guild.id, 10);
    const result = await notifier.completed(request(), { video: aDeliverableVideo(20 * MIB), resumed: false, route: 'channel' });
    expect(result).toEqual({ delivered: true, via: 'channel', attached: false });
    expect(fake.requests.filter((r) => r.errorCode === 40005)).toHaveLength(1);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.content).toContain('https://storage.example.test/veo.mp4');
  });

  it('missing access / permissions / unknown channel → undeliverable with a warning, no throw', async () => {
    const hidden = fake.addChannel(guild.id, { canView: false });
    const readOnly = fake.addChannel(guild.id, { canSend: false });
    expect(await notifier.checkAccess(request({ channelId: readOnly.id }))).toEqual({ ok: false, detail: 'Missing permissions: SendMessages' });
    expect((await notifier.checkAccess(request({ channelId: hidden.id }))).ok).toBe(false);
    for (const target of [hidden, readOnly]) {
      const result = await notifier.completed(request({ channelId: target.id }), { video: aDeliverableVideo(10), resumed: false, route: 'channel' });
      expect(result).toMatchObject({ delivered: false, reason: 'undeliverable' });
    }
    const warnings = logger.find('Channel not accessible for notification');
    expect(warnings.map((w) => [w.level, w.fields['channel_id'], w.fields['guild_id'], w.fields['code']])).toEqual([
      ['warn', hidden.id, guild.id, 50001],
      ['warn', readOnly.id, guild.id, 50013],
    ]);
  });

  it('5xx beyond the REST retries → transient', async () => {
    fake.failRequests({ method: 'POST', path: /\/channels\/.*\/messages$/, status: 502, times: 10 });
    const result = await notifier.failed(request(), { reason: 'x', resumed: false, retryable: false, route: 'channel' });
    expect(result).toMatchObject({ delivered: false, reason: 'transient' });
    expect(logger.find('Failed to deliver notification')).toHaveLength(1);
  });

  it('nonce + enforce_nonce: a retried or repeated send posts once', async () => {
    fake.failRequests({ method: 'POST', path: /\/channels\/.*\/messages$/, status: 502, times: 1 });
    const stored = request();
    const other = new DiscordNotifier({ token: 'fake-bot-token', apiBaseUrl: fake.apiUrl, logger });
    const first = await notifier.failed(stored, { reason: 'x', resumed: false, retryable: true, route: 'channel' });
    const second = await other.failed(stored, { reason: 'x', resumed: false, retryable: true, route: 'channel' });
    expect([first.delivered, second.delivered]).toEqual([true, true]);
    expect(posts()).toHaveLength(1);
    const sent = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const r of sent) expect(r.body).toMatchObject({ nonce: messageNonce(stored.id, 'failed'), enforce_nonce: true });
    expect(messageNonce(stored.id, 'failed').length).toBeLessThanOrEqual(25);
    expect(messageNonce(stored.id, 'failed')).not.toBe(messageNonce(stored.id, 'completed'));
  });

  it('progress on the channel route is not posted (no spam)', async () => {
    const before = fake.requests.length;
    await notifier.progress(request(), { stage: 'generating', elapsedMs: 1000, route: 'channel' });
    expect(fake.requests.length).toBe(before);
  });
});
