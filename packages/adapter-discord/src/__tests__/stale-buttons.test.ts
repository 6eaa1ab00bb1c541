import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STALE_COMPONENT } from '../interaction-replies.js';
import { startBot, type BotHarness } from './support/bot-harness.js';

describe('forged, stale and unknown buttons', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBot();
  });
  afterEach(async () => {
    await h.stop();
  });

  it.each([
    ['a non-UUID request id on Retry', 'veo:retry:not-a-uuid'],
    ['a non-UUID request id on Again', "veo:again:1' OR '1'='1"],
    ['a non-UUID request id on Cancel', 'veo:cancel:../../etc'],
    ['an unknown veo: button', 'veo:frobnicate:1'],
    ['a history page past any end', 'veo:hist:777:*:99999999'],
    ['a malformed history id', 'veo:hist:777:*'],
    ['a button this bot never made', 'someone-else:button'],
  ])('%s → an ephemeral "This button is no longer valid." within the deadline, no handler call', async (_, customId) => {
    const message = h.fake.world.createMessage('channel', h.fake.world.channels.get(h.channel.id)!, { content: 'old message' }, [], null);
    const started = Date.now();
    const click = h.fake.injectButtonClick({ messageId: message.id, userId: '777', customId });
    const answer = await h.fake.waitFor(() => h.fake.originalOf(click));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(click.callbackType).toBe(4);
    expect(answer.content).toBe(STALE_COMPONENT);
    expect(answer.flags & 64).toBe(64);
    expect([h.handlers.retries, h.handlers.agains, h.handlers.histories]).toEqual([[], [], []]);
    expect(h.logger.find('Interaction handler failed')).toEqual([]);
  });
});
