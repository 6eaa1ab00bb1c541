import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBot, type BotHarness } from './support/bot-harness.js';

describe('/veo against a real discord.js client and FakeDiscord', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBot();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('without server settings wired, registers /veo for the configured guild with fixed choices from the policy (no autocomplete)', async () => {
    const commands = await h.fake.waitFor(() => h.fake.world.commands.get(h.guild.id));
    const veo = commands[0] as { name: string; options: { name: string; autocomplete?: boolean; choices?: { name: string; value: unknown }[] }[] };
    expect(veo.name).toBe('veo');
    expect(veo.options.map((o) => o.name)).toEqual(['prompt', 'duration', 'aspect_ratio', 'resolution', 'audio', 'model', 'negative_prompt', 'seed', 'image', 'last_image', 'reference_1', 'reference_2', 'reference_3']);
    expect(veo.options.find((o) => o.name === 'duration')?.choices).toEqual([4, 6, 8].map((d) => ({ name: `${d} seconds`, value: d })));
    expect(veo.options.find((o) => o.name === 'resolution')?.choices?.map((c) => c.value)).toEqual(['720p', '1080p']);
    expect(veo.options.find((o) => o.name === 'model')?.choices?.map((c) => c.name)).toEqual(['Veo 3.1 (default)', 'Veo 3.1 Fast', 'Veo 3.1 Lite']);
    expect(veo.options.filter((o) => o.autocomplete)).toEqual([]);
    expect(commands.map((c) => (c as { name: string }).name)).not.toContain('veo-settings');
    expect(h.fake.refusedRequests()).toEqual([]);
  });

  it('happy path: defers, submits with the interaction context, edits the status to Queued (#n)', async () => {
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'a fox in snow', duration: 6, aspect_ratio: '9:16', audio: false } });
    const original = await h.fake.waitFor(() => {
      const m = h.fake.originalOf(interaction);
      return m && m.content.includes('Queued') ? m : undefined;
    });
    expect(interaction.callbackType).toBe(5);
    expect(original.flags & 64).toBe(0);
    expect(original.content).toContain('Queued (#2)');
    expect(h.handlers.submits).toEqual([
      {
        userId: '777',
        guildId: h.guild.id,
        channelId: h.channel.id,
        options: { prompt: 'a fox in snow', model: undefined, durationSeconds: 6, aspectRatio: '9:16', resolution: undefined, generateAudio: false, negativePrompt: undefined, seed: undefined },
        interaction: { applicationId: h.fake.applicationId, interactionId: interaction.id, token: interaction.token },
        channelNsfw: false,
        memberRoleIds: [],
      },
    ]);
    const callbackIndex = h.fake.requests.findIndex((r) => r.path.endsWith('/callback'));
    expect(callbackIndex).toBeGreaterThanOrEqual(0);
    expect(h.fake.requests.slice(0, callbackIndex).some((r) => r.path.includes('/webhooks/'))).toBe(false);
  });

  it('tells core whether the channel is age-restricted and which roles the member has (a server\'s rules use them)', async () => {
    const nsfw = h.fake.addChannel(h.guild.id, { name: 'after-dark', nsfw: true });
    // The bot learns of a channel made after login from the gateway, as from Discord's CHANNEL_CREATE.
    // Same gateway session, in order: the bot has cached both before the interaction arrives.
    const role = h.fake.addRole(h.guild.id);
    h.fake.injectSlashCommand({ channelId: nsfw.id, userId: '778', memberRoles: [role], options: { prompt: 'a fox at night' } });
    const submit = await h.fake.waitFor(() => h.handlers.submits.find((s) => s.userId === '778'));
    expect(submit).toMatchObject({ channelId: nsfw.id, channelNsfw: true, memberRoleIds: [role] });
  });

  it('invalid options → an ephemeral, specific error and no submit', async () => {
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'x', model: 'veo-3.1-lite-generate-001', duration: 5, aspect_ratio: '4:3' } });
    const reply = await h.fake.waitFor(() => h.fake.originalOf(interaction));
    expect(interaction.callbackType).toBe(4);
    expect(reply.flags & 64).toBe(64);
    expect(reply.content).toContain('Duration must be one of 4, 6, 8 seconds for Veo 3.1 Lite.');
    expect(reply.content).toContain('Aspect ratio must be one of 16:9, 9:16.');
    expect(h.handlers.submits).toEqual([]);
  });

  it('rate-limited → the public reply is removed and an ephemeral answer says when the next slot frees', async () => {
    const retryAt = new Date(Date.UTC(2030, 0, 1, 12, 0, 0));
    h.handlers.submitResult = () => ({ ok: false, reason: 'rate-limited', limit: 2, retryAt, message: 'You already have 2 videos in progress (limit 2).' });
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'a fox' } });
    const [answer] = await h.fake.waitFor(() => {
      const f = h.fake.followUpsOf(interaction);
      return f.length > 0 ? f : undefined;
    });
    expect((answer?.flags ?? 0) & 64).toBe(64);
    expect(answer?.content).toContain('limit 2');
    expect(answer?.content).toContain(`<t:${Math.floor(retryAt.getTime() / 1000)}:R>`);
    expect(h.fake.originalOf(interaction)?.deleted).toBe(true);
  });

  it('over budget → the public reply is removed and an ephemeral answer names the cap and its reset as a timestamp', async () => {
    const retryAt = new Date(Date.UTC(2030, 0, 2));
    const message = "This server's daily video budget of $20.00 has $1.20 left; this video would cost about $3.20. It resets at midnight UTC.";
    h.handlers.submitResult = () => ({ ok: false, reason: 'over-budget', cap: 'guild-daily', limitUsd: 20, remainingUsd: 1.2, estimateUsd: 3.2, retryAt, message });
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'a fox' } });
    const [answer] = await h.fake.waitFor(() => {
      const f = h.fake.followUpsOf(interaction);
      return f.length > 0 ? f : undefined;
    });
    expect((answer?.flags ?? 0) & 64).toBe(64);
    expect(answer?.content).toContain(message);
    expect(answer?.content).toContain(`The cap resets <t:${Math.floor(retryAt.getTime() / 1000)}:f> (<t:${Math.floor(retryAt.getTime() / 1000)}:R>).`);
    expect(h.fake.originalOf(interaction)?.deleted).toBe(true);
    expect(h.fake.messagesIn(h.channel.id).filter((m) => (m.flags & 64) === 0)).toEqual([]);
  });

  it('budget cannot be checked (database down) → an ephemeral answer saying when to try again', async () => {
    const retryAt = new Date(Date.UTC(2030, 0, 1, 12, 1));
    h.handlers.submitResult = () => ({ ok: false, reason: 'budget-unavailable', retryAt, message: 'Spending limits cannot be checked right now, so no video can be started.' });
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'a fox' } });
    const [answer] = await h.fake.waitFor(() => {
      const f = h.fake.followUpsOf(interaction);
      return f.length > 0 ? f : undefined;
    });
    expect((answer?.flags ?? 0) & 64).toBe(64);
    expect(answer?.content).toContain('Spending limits cannot be checked right now');
    expect(answer?.content).toContain(`Try again <t:${Math.floor(retryAt.getTime() / 1000)}:R>.`);
  });

  it('a handler that throws: logged with stack, generic ephemeral answer, client keeps working', async () => {
    const working = h.handlers.submitResult;
    h.handlers.submitResult = () => {
      throw new Error('database on fire');
    };
    const first = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'a fox' } });
    const [answer] = await h.fake.waitFor(() => {
      const f = h.fake.followUpsOf(first);
      return f.length > 0 ? f : undefined;
    });
    expect(answer?.content).toContain('Something went wrong');
    expect((answer?.flags ?? 0) & 64).toBe(64);
    const logged = h.logger.find('Interaction handler failed')[0];
    expect(logged?.fields['error_message']).toBe('database on fire');
    expect(String(logged?.fields['stack_trace'])).toContain('database on fire');

    h.handlers.submitResult = working;
    const second = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'again' } });
    await h.fake.waitFor(() => h.fake.originalOf(second)?.content.includes('Queued'));
    expect(h.handlers.submits).toHaveLength(2);
  });
});
