import { describe, expect, it } from 'vitest';
import { startBot } from './support/bot-harness.js';

describe('DiscordBot ready', () => {
  it('calls onReady once and does not wait for it', async () => {
    let calls = 0;
    let finish: () => void = () => undefined;
    const h = await startBot({
      onReady: () => {
        calls += 1;
        // A resume that never ends while the test runs: ready and commands must not wait for it.
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    try {
      expect(h.bot.client.isReady()).toBe(true);
      expect(calls).toBe(1);
      const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '1', options: { prompt: 'still answering' } });
      await h.fake.waitFor(() => h.fake.originalOf(interaction)?.content.includes('Queued'));
      expect(calls).toBe(1);
    } finally {
      finish();
      await h.stop();
    }
  });

  it('a failing onReady is logged, not thrown', async () => {
    const h = await startBot({ onReady: () => Promise.reject(new Error('resume exploded')) });
    try {
      await h.fake.waitFor(() => h.logger.find('Ready callback failed').length > 0);
      expect(h.logger.find('Ready callback failed')[0]?.fields['error_message']).toBe('resume exploded');
    } finally {
      await h.stop();
    }
  });
});
