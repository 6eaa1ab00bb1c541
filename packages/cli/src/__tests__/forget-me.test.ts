import { PgRequestRepository } from '@veo-bot/adapter-postgres';
import { type TestSchema } from '@veo-bot/adapter-postgres/testing';
import type { FakeDiscord } from '@veo-bot/adapter-discord/testing';
import { enabledButtons, type FakeInteraction, type FakeMessage } from '@veo-bot/adapter-discord/testing';
import type { FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
import { MemoryLogger } from '@veo-bot/core/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeServices, startHostBot, stopFakeServices } from './support/host-bot.js';

let db: TestSchema;
let discord: FakeDiscord;
let google: FakeGoogleCloud;
const stops: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  ({ db, discord, google } = await startFakeServices());
});
afterEach(() => stopFakeServices({ db, discord, google }, stops));

async function startVeo(logger: MemoryLogger) {
  return (await startHostBot({ db, discord, google }, stops, { project: 'forget-project', logger })).veo;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('/veo-forget-me through discord.js and Postgres: only the asker may confirm, stale or forged buttons do nothing, then rows, images, videos are erased and nothing in flight is delivered', async () => {
  const guild = discord.addGuild();
  const channel = discord.addChannel(guild.id);
  const logger = new MemoryLogger();
  await startVeo(logger);
  const repo = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
  const answer = (i: FakeInteraction) => discord.waitFor(() => discord.originalOf(i)?.content || undefined, 15_000);

  const first = discord.injectSlashCommand({ channelId: channel.id, userId: '601', options: { prompt: 'my private dream' } });
  await discord.waitFor(() => discord.followUpsOf(first).find((m) => m.attachments.length > 0), 30_000);
  const [delivered] = (await repo.userHistory({ userId: '601', limit: 5, offset: 0 })).items;
  const videoUri = delivered?.videoUrls[0] ?? '';
  expect(google.hasObject(videoUri)).toBe(true);
  google.script('still rendering', { outcome: 'succeed', afterPolls: 6 });
  const second = discord.injectSlashCommand({ channelId: channel.id, userId: '601', options: { prompt: 'still rendering' } });
  // (waitFor does not await a promise: poll the database here.)
  for (let i = 0; i < 150 && !(await repo.userHistory({ userId: '601', limit: 5, offset: 0 })).items.some((r) => r.status === 'generating'); i++) await sleep(100);
  expect((await repo.userHistory({ userId: '601', limit: 5, offset: 0 })).items.map((r) => r.status).sort()).toEqual(['completed', 'generating']);

  const ask = discord.injectSlashCommand({ channelId: channel.id, userId: '601', commandName: 'veo-forget-me' });
  const prompt: FakeMessage = await discord.waitFor(() => {
    const m = discord.originalOf(ask);
    return m && enabledButtons(m, 'veo:forget:').length > 0 ? m : undefined;
  }, 15_000);
  expect(prompt.flags & 64).toBe(64);
  expect(prompt.content).toContain('2 video request(s), 0 image(s), 1 video(s) in storage');
  expect(prompt.content).toContain('1 of them still being made will be cancelled');
  const customId = enabledButtons(prompt, 'veo:forget:')[0] ?? '';
  expect(customId).toMatch(/^veo:forget:601:\d+$/);

  // Someone else, a forged stale button, a malformed one: each answered ephemerally, nothing erased.
  expect(await answer(discord.injectButtonClick({ messageId: prompt.id, userId: '602', customId }))).toContain('Only the person who asked can confirm this');
  expect(await answer(discord.injectButtonClick({ messageId: prompt.id, userId: '601', customId: 'veo:forget:601:1000' }))).toContain('This confirmation has expired and nothing was erased');
  expect(await answer(discord.injectButtonClick({ messageId: prompt.id, userId: '601', customId: 'veo:forget:601:x' }))).toBe('This button is no longer valid.');
  expect((await repo.userHistory({ userId: '601', limit: 5, offset: 0 })).total).toBe(2);

  discord.injectButtonClick({ messageId: prompt.id, userId: '601', customId });
  await discord.waitFor(() => (prompt.content.startsWith('Done: erased') ? true : undefined), 20_000);
  expect(prompt.content).toContain('Done: erased 2 video request(s), 0 image(s), 1 video(s) in storage, and cancelled 1 request(s) in progress.');
  expect(prompt.components).toEqual([]);
  expect((await repo.userHistory({ userId: '601', limit: 5, offset: 0 })).total).toBe(0);
  expect(google.hasObject(videoUri)).toBe(false);
  expect((await repo.get(delivered?.id ?? ''))?.prompt).toBe('');

  // Google would have finished the cancelled render by now: nothing of it reaches the user.
  await sleep(8_000);
  expect(discord.followUpsOf(second).filter((m) => m.attachments.length > 0 || /failed|could not/i.test(m.content))).toEqual([]);
  expect(discord.messagesIn(channel.id).filter((m) => m.attachments.length > 0)).toHaveLength(1);
}, 90_000);
