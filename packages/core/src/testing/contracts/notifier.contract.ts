import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../domain/video-request.js';
import type { DeliverableVideo, Notifier } from '../../ports/notifier.js';

/** What the user of a request saw, as far as the contract cares. */
export interface SeenMessage {
  /** All visible text: content, embed title/description/fields/footer. */
  readonly text: string;
  readonly mentionsUser: boolean;
  readonly attached: boolean;
  readonly retryButton: boolean;
}

/** A notifier and a world (channels, users) it talks to. */
export interface NotifierFixture {
  readonly notifier: Notifier;
  /** A request in a channel the bot can post to, made with `overrides`. */
  reachable(overrides?: Partial<VideoRequest>): Promise<VideoRequest>;
  /** A request whose channel was deleted (Discord 10003). */
  channelGone(): Promise<VideoRequest>;
  /** A request in a channel where the bot may not post (Discord 50013). */
  noPermission(): Promise<VideoRequest>;
  /** Messages (new ones, not edits) the request's user received. */
  messagesFor(request: VideoRequest): Promise<SeenMessage[]>;
  cleanup?(): Promise<void>;
}

/** A video of `sizeBytes` whose bytes are produced on demand; `opened` says if they were read. */
export function aDeliverableVideo(sizeBytes: number): DeliverableVideo & { readonly opened: boolean } {
  let opened = false;
  return {
    sizeBytes,
    mimeType: 'video/mp4',
    fileName: 'veo.mp4',
    link: 'https://storage.example.test/veo.mp4',
    get opened() {
      return opened;
    },
    async *open() {
      opened = true;
      for (let sent = 0; sent < sizeBytes; sent += 65_536) yield new Uint8Array(Math.min(65_536, sizeBytes - sent));
    },
  };
}

/** The behaviour every Notifier must have. */
export function notifierContract(name: string, setup: () => Promise<NotifierFixture>): void {
  describe(`Notifier contract: ${name}`, () => {
    let fx: NotifierFixture;
    beforeEach(async () => {
      fx = await setup();
    });
    afterEach(async () => {
      await fx.cleanup?.();
    });

    it('checks channel access', async () => {
      expect((await fx.notifier.checkAccess(await fx.reachable())).ok).toBe(true);
      expect((await fx.notifier.checkAccess(await fx.channelGone())).ok).toBe(false);
      expect((await fx.notifier.checkAccess(await fx.noPermission())).ok).toBe(false);
    });

    it('Send completion message to channel: mentions the user, attaches a small video, resumed footer', async () => {
      const request = await fx.reachable({ prompt: 'a fox running through snow' });
      const video = aDeliverableVideo(1024);
      const result = await fx.notifier.completed(request, { video, resumed: true, route: 'channel' });
      expect(result).toMatchObject({ delivered: true, attached: true });
      const [message, ...rest] = await fx.messagesFor(request);
      expect(rest).toEqual([]);
      expect(message).toMatchObject({ mentionsUser: true, attached: true });
      expect(message?.text).toContain('a fox running through snow');
      expect(message?.text).toContain('Resumed after bot restart');
    });

    it('sends a link instead of downloading a video over the upload limit', async () => {
      const request = await fx.reachable();
      const video = aDeliverableVideo(60 * 1024 * 1024);
      const result = await fx.notifier.completed(request, { video, resumed: false, route: 'channel' });
      expect(result).toMatchObject({ delivered: true, attached: false });
      expect(video.opened).toBe(false);
      const [message] = await fx.messagesFor(request);
      expect(message?.text).toContain(video.link);
      expect(message?.text).not.toContain('Resumed after bot restart');
    });

    it('Send failure message to channel: reason, mention, retry suggestion and button', async () => {
      const request = await fx.reachable();
      const result = await fx.notifier.failed(request, { reason: 'Video generation timed out during bot restart', resumed: true, retryable: true, route: 'channel' });
      expect(result.delivered).toBe(true);
      const [message] = await fx.messagesFor(request);
      expect(message).toMatchObject({ mentionsUser: true, retryButton: true });
      expect(message?.text).toContain('Video generation timed out during bot restart');
      expect(message?.text).toContain('/veo');
    });

    it('finds a final message already sent (so a resumed process does not send it twice)', async () => {
      const { findDelivered } = fx.notifier;
      expect(findDelivered, 'notifiers must implement findDelivered').toBeTypeOf('function');
      const sent = await fx.reachable();
      const unsent = await fx.reachable();
      const video = await fx.reachable();
      await fx.notifier.failed(sent, { reason: 'boom', resumed: false, retryable: true, route: 'channel' });
      await fx.notifier.completed(video, { video: aDeliverableVideo(10), resumed: false, route: 'channel' });
      expect(await fx.notifier.findDelivered?.(sent)).toBe('failed');
      expect(await fx.notifier.findDelivered?.(video)).toBe('completed');
      expect(await fx.notifier.findDelivered?.(unsent)).toBe('none');
      // A channel the bot cannot read is not proof that nothing was sent.
      expect(await fx.notifier.findDelivered?.(await fx.channelGone())).toBe('unknown');
    });

    it('Channel no longer accessible: reports undeliverable instead of throwing', async () => {
      const gone = await fx.channelGone();
      expect(await fx.notifier.completed(gone, { video: aDeliverableVideo(10), resumed: true, route: 'channel' })).toMatchObject({ delivered: false, reason: 'undeliverable' });
      const denied = await fx.noPermission();
      expect(await fx.notifier.failed(denied, { reason: 'x', resumed: false, retryable: true, route: 'channel' })).toMatchObject({ delivered: false, reason: 'undeliverable' });
      await expect(fx.notifier.progress(gone, { stage: 'generating', elapsedMs: 1000, route: 'channel' })).resolves.toBeUndefined();
    });
  });
}
