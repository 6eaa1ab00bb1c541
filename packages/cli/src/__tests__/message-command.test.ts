import { createHash } from 'node:crypto';
import { type TestSchema } from '@veo-bot/adapter-postgres/testing';
import type { FakeDiscord } from '@veo-bot/adapter-discord/testing';
import type { FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
import { aTestImage } from '@veo-bot/core/testing';
import { Routes } from 'discord.js';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeServices, startHostBot, stopFakeServices } from './support/host-bot.js';

let db: TestSchema;
let discord: FakeDiscord;
let google: FakeGoogleCloud;
const stops: (() => Promise<unknown>)[] = [];
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeEach(async () => {
  ({ db, discord, google } = await startFakeServices());
});
afterEach(() => stopFakeServices({ db, discord, google }, stops));

it('"Make a Veo video" on a message with two images, through createVeoBot, PostgreSQL and the fake Vertex: one request stored with both as references, and Vertex receives them in order at 8 s', async () => {
  const guild = discord.addGuild();
  const channel = discord.addChannel(guild.id);
  const { veo, client } = await startHostBot({ db, discord, google }, stops, { project: 'message-project' });
  // A host bot registers veo-bot's commands with its own; the message command is among them.
  await client.rest.put(Routes.applicationGuildCommands(discord.applicationId, guild.id), { body: veo.commands });

  const png = (fill: number) => aTestImage('image/png', { width: 1280, height: 720, sizeBytes: 60_000, fill });
  const a = png(41);
  const b = png(42);
  const message = discord.postUserMessage({ channelId: channel.id, userId: '801', attachments: [
    { bytes: a, filename: 'a.png', contentType: 'image/png' },
    { bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46]), filename: 'notes.pdf', contentType: 'application/pdf' },
    { bytes: b, filename: 'b.png', contentType: 'image/png' },
  ] });
  const used = discord.injectMessageCommand({ messageId: message.id, userId: '802' });
  await discord.waitFor(() => discord.modalOf(used));
  const submitted = discord.injectModalSubmit({ from: used, values: { prompt: 'this toy robot dances on a table' } });
  await discord.waitFor(() => discord.followUpsOf(submitted).find((m) => m.attachments.length > 0), 30_000);

  const requests = await db.pool().query<{ user_id: string; prompt: string; duration_seconds: number; model: string }>('SELECT user_id, prompt, duration_seconds, model FROM video_requests');
  expect(requests.rows).toEqual([{ user_id: '802', prompt: 'this toy robot dances on a table', duration_seconds: 8, model: 'veo-3.1-generate-001' }]);
  const stored = await db.pool().query<{ role: string; ordinal: number; sha256: string }>('SELECT role, ordinal, sha256 FROM request_extra_images ORDER BY ordinal');
  expect(stored.rows).toEqual([{ role: 'reference', ordinal: 0, sha256: sha256(a) }, { role: 'reference', ordinal: 1, sha256: sha256(b) }]);
  expect(google.acceptedStarts).toHaveLength(1);
  expect(google.acceptedStarts[0]?.referenceImages?.map((r) => r.sha256)).toEqual([a, b].map((x) => sha256(x)));
  expect(google.acceptedStarts[0]?.parameters).toMatchObject({ durationSeconds: 8 });
  expect(google.acceptedStarts[0]?.image).toBeUndefined();
  expect(discord.refusedRequests()).toEqual([]);
});
