import { describe, expect, it } from 'vitest';
import { InMemoryGuildSettingsStore } from '../../testing/in-memory-guild-settings-store.js';
import { InMemoryWorkerPresence } from '../../testing/in-memory-worker-presence.js';
import { makeWorld, veo } from '../../__tests__/harness.js';
import { PROMPT_BLOCKED, SETTINGS_UNKNOWN } from '../../services/guild-rules.js';

const CHANNEL = '100000000000000001';
const OTHER = '100000000000000002';
const ROLE = '200000000000000001';

function world(store = new InMemoryGuildSettingsStore(), extra: Parameters<typeof makeWorld>[1] = {}) {
  const w = makeWorld({ perUserDailyLimit: 10 }, { guildSettings: store, ...extra });
  return { ...w, store };
}

async function set(w: ReturnType<typeof world>, change: Parameters<NonNullable<ReturnType<typeof world>['core']['guildSettingsAdmin']>['change']>[0]['edit']) {
  const result = await w.core.guildSettingsAdmin!.change({ guildId: 'guild-1', actorId: 'owner', edit: change });
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('per-server settings, checked before anything is reserved, stored or sent', () => {
  it('channels, age-restricted channels, models, resolutions and durations: clear refusals, nothing stored', async () => {
    const w = world();
    await set(w, () => ({ allowedChannels: [CHANNEL], allowedResolutions: ['720p'], allowedDurations: [4, 8], allowedModels: ['veo-3.1-fast-generate-001'] }));
    const refused = await w.core.submit.execute({ ...veo('a fox', { model: 'veo-3.1-fast-generate-001', resolution: '720p' }), channelId: OTHER });
    expect(refused).toEqual({ ok: false, reason: 'not-allowed', message: `On this server \`/veo\` can be used only in <#${CHANNEL}>.` });
    const here = (options: Record<string, unknown>) => w.core.submit.execute({ ...veo('a fox', { model: 'veo-3.1-fast-generate-001', resolution: '720p', ...options }), channelId: CHANNEL });
    expect(await here({ resolution: '1080p' })).toMatchObject({ reason: 'not-allowed', message: 'This server does not allow 1080p videos. Allowed here: 720p.' });
    expect(await here({ durationSeconds: 6 })).toMatchObject({ reason: 'not-allowed', message: 'This server does not allow 6-second videos. Allowed here: 4 s, 8 s.' });
    expect(await here({ model: 'veo-3.1-generate-001' })).toMatchObject({ reason: 'not-allowed', message: 'This server does not allow Veo 3.1. Allowed here: Veo 3.1 Fast.' });
    expect(w.repo.all()).toHaveLength(0);
    expect(await here({})).toMatchObject({ ok: true });
    await set(w, () => ({ nsfwOnly: true }));
    expect(await here({})).toMatchObject({ reason: 'not-allowed', message: 'On this server `/veo` can be used only in age-restricted channels.' });
    expect(await w.core.submit.execute({ ...veo('a fox', { model: 'veo-3.1-fast-generate-001', resolution: '720p' }), channelId: CHANNEL, channelNsfw: true })).toMatchObject({ ok: true });
  });

  it('a blocked word in the prompt or the negative prompt is refused without repeating it; nothing reaches Google', async () => {
    const w = world();
    await set(w, () => ({ blockedWords: ['Dragon'] }));
    for (const input of [veo('a red DRAGÓN flying'), veo('a castle', { negativePrompt: 'no dragon' })]) {
      const refused = await w.core.submit.execute(input);
      expect(refused).toEqual({ ok: false, reason: 'not-allowed', message: PROMPT_BLOCKED });
      expect(JSON.stringify(refused).toLowerCase()).not.toContain('dragon');
    }
    expect(w.generator.startCalls).toEqual([]);
    expect(w.repo.all()).toHaveLength(0);
    expect(await w.core.submit.execute(veo('a dragonfly'))).toMatchObject({ ok: true });
  });

  it("the server's own per-member limit counts only this server's videos, and a role can be exempt", async () => {
    const w = world();
    await set(w, () => ({ perUserDailyLimit: 1, exemptRoleId: ROLE }));
    expect(await w.core.submit.execute({ ...veo('elsewhere'), guildId: 'guild-2' })).toMatchObject({ ok: true });
    expect(await w.core.submit.execute(veo('first'))).toMatchObject({ ok: true });
    expect(await w.core.submit.execute(veo('second'))).toMatchObject({ ok: false, reason: 'rate-limited', limit: 1 });
    expect(await w.core.submit.execute({ ...veo('exempt'), memberRoleIds: [ROLE] })).toMatchObject({ ok: true });
    await set(w, () => ({ perUserDailyLimit: 0 }));
    expect(await w.core.submit.execute(veo('none at all'))).toMatchObject({ reason: 'not-allowed', message: `On this server only members with <@&${ROLE}> can make videos.` });
  });

  it('another instance sees a change at once (the store tells every watcher), not after its refresh', async () => {
    const store = new InMemoryGuildSettingsStore();
    const presence = new InMemoryWorkerPresence();
    const a = world(store, { presence, workerId: 'a' });
    const b = world(store, { presence, workerId: 'b', repo: a.repo, clock: a.clock });
    await a.core.startUp();
    await b.core.startUp();
    expect(await b.core.submit.execute(veo('a dragon'))).toMatchObject({ ok: true });
    await set(a, () => ({ blockedWords: ['dragon'] }));
    expect(await b.core.submit.execute(veo('a dragon'))).toMatchObject({ reason: 'not-allowed' });
  });

  it('with the database down the last known settings stand; a change heard of but not read refuses rather than allow everything', async () => {
    const store = new InMemoryGuildSettingsStore();
    const w = world(store);
    await w.core.startUp();
    await set(w, () => ({ blockedWords: ['dragon'] }));
    const reads = store.reads;
    expect(await w.core.submit.execute(veo('a dragon'))).toMatchObject({ reason: 'not-allowed' });
    expect(store.reads).toBe(reads); // served from the cache
    store.available = false;
    w.repo.available = false;
    await w.clock.advance(5 * 60_000);
    expect(await w.core.submit.execute(veo('a dragon'))).toMatchObject({ reason: 'not-allowed', message: PROMPT_BLOCKED });
    // Absent from the full read at start: no settings then, none since.
    expect(await w.core.submit.execute({ ...veo('a dragon'), guildId: 'never-set' })).toMatchObject({ ok: true });
    // Another instance changed this one's settings, and they could not be read since.
    w.core.guildSettingsCache!.invalidate('changed-elsewhere');
    expect(await w.core.submit.execute({ ...veo('a dragon'), guildId: 'changed-elsewhere' })).toMatchObject({ reason: 'not-allowed', message: SETTINGS_UNKNOWN });
    // Direct messages have no server rules.
    expect(await w.core.submit.execute({ ...veo('a dragon'), guildId: null })).toMatchObject({ ok: true });
  });

  it('a process whose database was down since its start, with no snapshot, refuses /veo in servers (never "everything allowed"); direct messages go on', async () => {
    const store = new InMemoryGuildSettingsStore();
    store.available = false;
    const w = world(store);
    w.repo.available = false;
    expect(await w.core.submit.execute(veo('a dragon'))).toEqual({ ok: false, reason: 'not-allowed', message: SETTINGS_UNKNOWN });
    expect(await w.core.submit.execute({ ...veo('a fox'), guildId: 'guild-2' })).toMatchObject({ reason: 'not-allowed', message: SETTINGS_UNKNOWN });
    expect(await w.core.submit.execute({ ...veo('a dragon'), guildId: null })).toMatchObject({ ok: true, persisted: false });
    expect(w.generator.startCalls).toHaveLength(1);
    expect(w.logger.find('Server settings never read since start (database down), no settings snapshot is kept: /veo is refused in servers until the database answers')).toHaveLength(1);
    expect(w.logger.find('Server settings unknown (never read since start, no snapshot): /veo refused in this server').map((e) => e.fields.guild_id)).toEqual(['guild-1', 'guild-2']);
  });

  it('every change is audited and absurd values change nothing', async () => {
    const w = world();
    await set(w, () => ({ blockedWords: ['one'] }));
    await set(w, (s) => ({ blockedWords: [...s.blockedWords, 'two'] }));
    const bad = await w.core.guildSettingsAdmin!.change({ guildId: 'guild-1', actorId: 'owner', edit: () => ({ perUserDailyLimit: -5, blockedPatterns: ['(a+)+'] }) });
    expect(bad).toMatchObject({ ok: false, reason: 'invalid' });
    expect(bad.ok ? '' : bad.message).toContain('per-member limit');
    const shown = await w.core.guildSettingsAdmin!.show('guild-1');
    expect(shown).toMatchObject({ ok: true, value: { settings: { blockedWords: ['one', 'two'], perUserDailyLimit: null } } });
    expect(shown.ok ? shown.value.audit.map((e) => [e.changedBy, e.change]) : []).toEqual([['owner', { blockedWords: ['one', 'two'] }], ['owner', { blockedWords: ['one'] }]]);
  });

  it('Retry and Again are new videos under the rules as they stand now (a word blocked since, a channel closed)', async () => {
    const w = world();
    const first = await w.core.submit.execute({ ...veo('a dragon'), channelId: CHANNEL });
    if (!first.ok) throw new Error('refused');
    await w.core.scheduler.whenIdle();
    await set(w, () => ({ blockedWords: ['dragon'] }));
    const click = { requestId: first.request.id, userId: 'user-1', channelId: CHANNEL, interaction: null };
    expect(await w.core.again.execute(click)).toMatchObject({ ok: false, reason: 'not-allowed', message: PROMPT_BLOCKED });
    await set(w, () => ({ blockedWords: [], allowedChannels: [OTHER] }));
    expect(await w.core.again.execute(click)).toMatchObject({ ok: false, reason: 'not-allowed' });
    expect(await w.core.again.execute({ ...click, channelId: OTHER })).toMatchObject({ ok: true, created: true });
    expect(w.generator.startCalls).toHaveLength(2);
  });
});
