import { type TestSchema } from '@veo-bot/adapter-postgres/testing';
import type { FakeDiscord } from '@veo-bot/adapter-discord/testing';
import { enabledButtons, type FakeInteraction } from '@veo-bot/adapter-discord/testing';
import type { FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
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

async function startVeo() {
  return (await startHostBot({ db, discord, google }, stops, { project: 'extend-project' })).veo;
}

const video = (i: FakeInteraction) => discord.waitFor(() => discord.followUpsOf(i).find((m) => m.attachments.length > 0), 30_000);
const rows = async () => (await db.pool().query<{ id: string; prompt: string; extends_id: string | null; source_seconds: number | null; video_urls: string[]; duration_seconds: number }>('SELECT id, prompt, extends_id, source_seconds, video_urls, duration_seconds FROM video_requests ORDER BY created_at')).rows;

it('a long prompt typed in the /veo form and Extend by the owner: one new request linked by extends_id, and Vertex receives the stored video', async () => {
  const guild = discord.addGuild();
  const channel = discord.addChannel(guild.id);
  await startVeo();
  const long = Array.from({ length: 30 }, (_, i) => `Shot ${i + 1}: the fox crosses the frozen river.`).join('\n');
  const form = discord.injectSlashCommand({ channelId: channel.id, userId: '701', options: { duration: 8, aspect_ratio: '9:16' } });
  await discord.waitFor(() => discord.modalOf(form));
  const submitted = discord.injectModalSubmit({ from: form, values: { prompt: long } });
  const delivered = await video(submitted);
  const [first] = await rows();
  expect(first).toMatchObject({ prompt: long, duration_seconds: 8, extends_id: null });
  expect(google.acceptedStarts[0]).toMatchObject({ prompt: long, parameters: { aspectRatio: '9:16' } });

  const customId = enabledButtons(delivered, 'veo:extend:')[0] ?? '';
  expect(customId).toBe(`veo:extend:${first?.id}`);
  const intruder = discord.injectButtonClick({ messageId: delivered.id, userId: '702', customId });
  expect(await discord.waitFor(() => discord.originalOf(intruder)?.content || undefined)).toContain('Only <@701> can extend this video');
  expect(discord.modalOf(intruder)).toBeNull();
  const forged = discord.injectButtonClick({ messageId: delivered.id, userId: '701', customId: 'veo:extend:00000000-0000-4000-8000-00000000dead' });
  expect(await discord.waitFor(() => discord.originalOf(forged)?.content || undefined)).toContain('That video no longer exists');
  expect(await rows()).toHaveLength(1);

  const click = discord.injectButtonClick({ messageId: delivered.id, userId: '701', customId });
  await discord.waitFor(() => discord.modalOf(click));
  const extend = discord.injectModalSubmit({ from: click, values: { prompt: 'the fox leaps onto the far bank' } });
  await video(extend);
  expect(discord.originalOf(extend)?.content).toBeTruthy();
  const all = await rows();
  expect(all).toHaveLength(2);
  expect(all[1]).toMatchObject({ extends_id: first?.id, source_seconds: 8, duration_seconds: 7, prompt: 'the fox leaps onto the far bank' });
  expect(google.acceptedStarts).toHaveLength(2);
  expect(google.acceptedStarts[1]?.videoUri).toBe(first?.video_urls[0]);
  expect(google.acceptedStarts[1]?.parameters).not.toHaveProperty('durationSeconds');
});
