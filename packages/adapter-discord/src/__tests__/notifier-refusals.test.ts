import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aDeliverableVideo, aRequest, MemoryLogger } from '@veo-bot/core/testing';
import type { VideoRequest } from '@veo-bot/core';
import { DiscordNotifier } from '../discord-notifier.js';
import { classifyDiscordError } from '../discord-errors.js';
import { FakeDiscord, userView, type FakeChannel } from '../testing/index.js';
import { DiscordAPIError } from 'discord.js';

const LONG_REASON = `Vertex AI operation failed: ${'INVALID_ARGUMENT: the request was malformed. '.repeat(70)}`.slice(0, 3000);
const POSTS = /\/channels\/.*\/messages$/;

describe('DiscordNotifier and messages Discord refuses', () => {
  let fake: FakeDiscord;
  let channel: FakeChannel;
  let logger: MemoryLogger;
  let notifier: DiscordNotifier;
  const request = (overrides: Partial<VideoRequest> = {}) => aRequest({ userId: '4242', guildId: channel.guildId, channelId: channel.id, interaction: null, ...overrides });
  const posts = () => fake.messagesIn(channel.id).filter((m) => m.kind !== 'original');

  beforeEach(async () => {
    fake = await FakeDiscord.start();
    channel = fake.addChannel(fake.addGuild().id);
    logger = new MemoryLogger();
    notifier = new DiscordNotifier({ token: 'fake-bot-token', apiBaseUrl: fake.apiUrl, logger });
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('a 3,000-character reason → delivered once, content ≤ 2,000, Retry button, reported delivered', async () => {
    expect(LONG_REASON.length).toBe(3000);
    const result = await notifier.failed(request(), { reason: LONG_REASON, resumed: false, retryable: true, route: 'channel' });
    expect(result).toEqual({ delivered: true, via: 'channel' });
    expect(posts()).toHaveLength(1);
    const [post] = posts();
    expect(post!.content.length).toBeLessThanOrEqual(2000);
    expect(post!.content).toContain('…');
    expect(userView(post!, '4242')).toMatchObject({ mentionsUser: true, retryButton: true });
    expect(fake.refusedRequests()).toEqual([]);
  });

  it('the same through a live interaction token: one follow-up, within limits', async () => {
    const seeded = fake.seedDeferredInteraction({ channelId: channel.id, userId: '4242' });
    const stored = request({ interaction: { applicationId: fake.applicationId, interactionId: seeded.id, token: seeded.token } });
    const result = await notifier.failed(stored, { reason: LONG_REASON, resumed: false, retryable: true, route: 'interaction' });
    expect(result).toEqual({ delivered: true, via: 'interaction' });
    const followUps = fake.followUpsOf(seeded);
    expect(followUps).toHaveLength(1);
    expect(followUps[0]!.content.length).toBeLessThanOrEqual(2000);
    expect(userView(followUps[0]!, '4242').retryButton).toBe(true);
    expect(fake.refusedRequests()).toEqual([]);
  });

  it('a failure notice refused with 50035 → one minimal notice (reason cut to ~300, Retry button), delivered, never transient', async () => {
    fake.failRequests({ method: 'POST', path: POSTS, status: 400, code: 50035, times: 1 });
    const result = await notifier.failed(request(), { reason: LONG_REASON, resumed: false, retryable: true, route: 'channel' });
    expect(result).toEqual({ delivered: true, via: 'channel' });
    const [post, ...more] = posts();
    expect(more).toEqual([]);
    expect(post!.content.length).toBeLessThan(600);
    expect(post!.content).toContain(LONG_REASON.slice(0, 200));
    expect(userView(post!, '4242')).toMatchObject({ mentionsUser: true, retryButton: true });
    expect(post!.embeds[0]?.footer?.text).toContain('Request ');
    expect(logger.find('Notification refused by Discord; sending a minimal notice')).toHaveLength(1);
  });

  it('a completion refused with 50035 → the minimal notice with the link and the Again button, not attached', async () => {
    fake.failRequests({ method: 'POST', path: POSTS, status: 400, code: 50035, times: 1 });
    const video = aDeliverableVideo(1024);
    const result = await notifier.completed(request(), { video, resumed: false, route: 'channel' });
    expect(result).toEqual({ delivered: true, via: 'channel', attached: false });
    const [post, ...more] = posts();
    expect(more).toEqual([]);
    expect(post!.content).toContain(video.link);
    expect(JSON.stringify(post!.components)).toContain('veo:again:');
    expect(post!.attachments).toEqual([]);
  });

  it('if even the minimal notice is refused → undeliverable (never transient), two attempts, no message', async () => {
    fake.failRequests({ method: 'POST', path: POSTS, status: 400, code: 50035, times: 2 });
    const result = await notifier.failed(request(), { reason: 'x', resumed: false, retryable: true, route: 'channel' });
    expect(result).toMatchObject({ delivered: false, reason: 'undeliverable' });
    expect(fake.requests.filter((r) => r.method === 'POST' && POSTS.test(r.path))).toHaveLength(2);
    expect(posts()).toEqual([]);
  });

  it.each([50035, 50006, 50109, 20009, 200000, 240000])('code %i is about the payload: invalid-payload, not transient', (code) => {
    const error = new DiscordAPIError({ code, message: 'refused' }, code, 400, 'POST', '/channels/1/messages', { body: undefined, files: undefined });
    expect(classifyDiscordError(error, false).kind).toBe('invalid-payload');
    expect(classifyDiscordError(new DiscordAPIError({ code: 0, message: '5xx' }, 0, 502, 'POST', '/x', { body: undefined, files: undefined }), false).kind).toBe('transient');
  });
});
