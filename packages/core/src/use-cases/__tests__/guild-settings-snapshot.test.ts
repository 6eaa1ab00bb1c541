import { describe, expect, it } from 'vitest';
import { defaultGuildSettings, type GuildSettingsChange } from '../../domain/guild-settings.js';
import { flushAsync } from '../../testing/fake-clock.js';
import { aConfiguredServer } from '../../testing/contracts/guild-settings-snapshot.contract.js';
import { InMemoryGuildSettingsSnapshot } from '../../testing/in-memory-guild-settings-snapshot.js';
import { InMemoryGuildSettingsStore } from '../../testing/in-memory-guild-settings-store.js';
import { InMemoryWorkerPresence } from '../../testing/in-memory-worker-presence.js';
import { makeWorld, veo } from '../../__tests__/harness.js';
import { PROMPT_BLOCKED, SETTINGS_UNKNOWN } from '../../services/guild-rules.js';

const CHANNEL = '100000000000000001';
const OTHER = '100000000000000002';
const USING_SNAPSHOT = 'Server settings never read since start (database down): using the local snapshot';

type Extra = NonNullable<Parameters<typeof makeWorld>[1]>;

/** One process: `snapshot` is its host's disk, `store` the shared database. */
function world(store: InMemoryGuildSettingsStore, snapshot: InMemoryGuildSettingsSnapshot | undefined, extra: Extra = {}) {
  const w = makeWorld({ perUserDailyLimit: 10 }, { guildSettings: store, ...(snapshot ? { guildSettingsSnapshot: snapshot } : {}), ...extra });
  const cache = w.core.guildSettingsCache!;
  const set = async (edit: GuildSettingsChange, guildId = 'guild-1') => {
    const result = await w.core.guildSettingsAdmin!.change({ guildId, actorId: 'owner', edit: () => edit });
    if (!result.ok) throw new Error(result.message);
    await cache.snapshotSaved();
  };
  return { ...w, cache, set };
}

/** A first process that read the settings (and saved them), then a second started while the database is down. */
async function startedDuringOutage(edit: GuildSettingsChange, snapshot = new InMemoryGuildSettingsSnapshot()) {
  const store = new InMemoryGuildSettingsStore();
  const first = world(store, snapshot);
  await first.set(edit);
  await first.core.startUp();
  await first.core.shutdown();
  store.available = false;
  const second = world(store, snapshot);
  second.repo.available = false;
  return { store, snapshot, first, second };
}

describe('the local settings snapshot', () => {
  it('is saved after a full read, and again only when what is known changed (servers nobody configured are not listed)', async () => {
    const store = new InMemoryGuildSettingsStore();
    const snapshot = new InMemoryGuildSettingsSnapshot();
    const w = world(store, snapshot);
    await w.set({ blockedWords: ['dragon'] });
    expect(snapshot.saves).toBe(0); // not read in full yet: this process does not know every server
    await w.core.startUp();
    await w.cache.snapshotSaved();
    expect(snapshot.saves).toBe(1);
    const saved = snapshot.current();
    expect(saved?.takenAt).toEqual(w.clock.now());
    // Who changed them is not copied (erasure could not reach it there).
    expect(saved?.settings).toMatchObject([{ guildId: 'guild-1', blockedWords: ['dragon'], updatedBy: null }]);
    expect(saved?.settings[0]?.updatedAt).toBeInstanceOf(Date);

    expect(await w.cache.readAll()).toBe(true);
    expect(await w.core.submit.execute({ ...veo('a fox'), guildId: 'guild-2' })).toMatchObject({ ok: true });
    w.cache.invalidate('guild-1');
    expect(await w.cache.get('guild-1')).toMatchObject({ blockedWords: ['dragon'] });
    await w.cache.snapshotSaved();
    expect(snapshot.saves).toBe(1);

    await w.set({ allowedChannels: [CHANNEL] }, 'guild-3');
    expect(snapshot.saves).toBe(2);
    expect(snapshot.current()?.settings.map((s) => s.guildId)).toEqual(['guild-1', 'guild-3']);
  });

  it('a process whose database is down since its start applies it: blocked words and allowed channels still hold, unlisted servers have no rules', async () => {
    const { second, snapshot } = await startedDuringOutage({ blockedWords: ['dragon'], allowedChannels: [CHANNEL] });
    const loads = snapshot.loads;
    const inChannel = (prompt: string, channelId = CHANNEL) => second.core.submit.execute({ ...veo(prompt), channelId });
    expect(await inChannel('a red DRAGÓN')).toEqual({ ok: false, reason: 'not-allowed', message: PROMPT_BLOCKED });
    expect(await inChannel('a fox', OTHER)).toEqual({ ok: false, reason: 'not-allowed', message: `On this server \`/veo\` can be used only in <#${CHANNEL}>.` });
    expect(await inChannel('a fox')).toMatchObject({ ok: true, persisted: false });
    // Absent from the snapshot: nobody had configured it when it was taken.
    expect(await second.core.submit.execute({ ...veo('a dragon'), guildId: 'guild-2', channelId: OTHER })).toMatchObject({ ok: true });
    expect(await second.core.submit.execute({ ...veo('a dragon'), guildId: null })).toMatchObject({ ok: true });
    expect(snapshot.loads - loads).toBe(1);
    expect(second.logger.find(USING_SNAPSHOT)).toMatchObject([{ level: 'warn', fields: { guild_count: 1 } }]);
    expect(second.logger.find('Server settings could not be read; using the last known ones')[0]?.fields).toMatchObject({ guild_id: 'guild-1', from_snapshot: true });
  });

  it('the database answers first whenever it can: a fresh read wins, and the next full read replaces the snapshot', async () => {
    // Left by an earlier process: `gone` had settings then, and has none in the database now.
    const snapshot = new InMemoryGuildSettingsSnapshot({ takenAt: new Date(Date.UTC(2026, 10, 1)), settings: [{ ...defaultGuildSettings('guild-1'), blockedWords: ['dragon'], updatedAt: new Date(Date.UTC(2026, 10, 1)), updatedBy: 'owner' }, aConfiguredServer('gone')] });
    const store = new InMemoryGuildSettingsStore();
    const first = world(store, undefined);
    await first.set({ blockedWords: ['dragon'] });
    store.available = false;
    const second = world(store, snapshot);
    second.repo.available = false;
    expect(await second.core.submit.execute(veo('a dragón'))).toMatchObject({ message: PROMPT_BLOCKED });
    expect(await second.cache.get('gone')).toMatchObject({ nsfwOnly: true });

    store.available = true;
    await first.set({ blockedWords: [] });
    const reads = store.reads;
    expect(await second.core.submit.execute(veo('a dragon'))).toMatchObject({ ok: true });
    expect(store.reads).toBe(reads + 1);
    expect(snapshot.saves).toBe(0); // not read in full yet

    expect(await second.cache.readAll()).toBe(true);
    await second.cache.snapshotSaved();
    expect(snapshot.current()?.settings).toMatchObject([{ guildId: 'guild-1', blockedWords: [] }]);
    store.available = false;
    // Only the snapshot had it: once the store was read in full, it has no settings.
    expect(await second.cache.get('gone')).toMatchObject({ nsfwOnly: false, allowedChannels: [], blockedWords: [] });
  });

  it('a change notice is not outlived by the snapshot: a server heard to have changed and not read since is unknown unless its settings were known', async () => {
    const { store, snapshot, second } = await startedDuringOutage({ blockedWords: ['dragon'] });
    expect(await second.core.submit.execute({ ...veo('a fox'), guildId: 'guild-2' })).toMatchObject({ ok: true });
    second.cache.invalidate('guild-2');
    second.cache.invalidate('guild-1');
    expect(await second.core.submit.execute({ ...veo('a fox'), guildId: 'guild-2' })).toEqual({ ok: false, reason: 'not-allowed', message: SETTINGS_UNKNOWN });
    // One it listed keeps the settings last known, as any server read from the database would.
    expect(await second.core.submit.execute(veo('a dragon'))).toMatchObject({ message: PROMPT_BLOCKED });

    // Heard of before the snapshot was even loaded: the change is newer than the snapshot.
    const third = world(store, snapshot);
    third.cache.invalidate('guild-1');
    expect(await third.core.submit.execute(veo('a fox'))).toEqual({ ok: false, reason: 'not-allowed', message: SETTINGS_UNKNOWN });
    expect(await third.core.submit.execute({ ...veo('a fox'), guildId: 'guild-2' })).toMatchObject({ ok: true });
  });

  it('a snapshot that finishes loading after the store was read in full changes nothing', async () => {
    const store = new InMemoryGuildSettingsStore();
    store.available = false;
    const snapshot = new InMemoryGuildSettingsSnapshot({ takenAt: new Date(Date.UTC(2026, 10, 1)), settings: [aConfiguredServer('guild-1')] });
    let finish: (() => void) | undefined;
    const load = snapshot.load.bind(snapshot);
    snapshot.load = () => new Promise((resolve) => (finish = () => resolve(load())));
    const w = world(store, snapshot);
    const pending = w.cache.get('guild-1');
    await flushAsync();
    store.available = true;
    expect(await w.cache.readAll()).toBe(true);
    finish?.();
    // Asked before the full read; answered by it (nobody configured the server), not by the older snapshot.
    expect(await pending).toMatchObject({ nsfwOnly: false, allowedChannels: [] });
    store.available = false;
    expect(await w.cache.get('guild-1')).toMatchObject({ nsfwOnly: false, allowedChannels: [] });
    expect(w.logger.find(USING_SNAPSHOT)).toEqual([]);
  });

  it('no snapshot to use (none yet, or it cannot be loaded): refused in servers, with the case logged', async () => {
    const store = new InMemoryGuildSettingsStore();
    store.available = false;
    const empty = world(store, new InMemoryGuildSettingsSnapshot());
    empty.repo.available = false;
    expect(await empty.core.submit.execute(veo('a fox'))).toEqual({ ok: false, reason: 'not-allowed', message: SETTINGS_UNKNOWN });
    expect(await empty.core.submit.execute({ ...veo('a fox'), guildId: null })).toMatchObject({ ok: true });
    expect(empty.logger.find('Server settings never read since start (database down), no settings snapshot to use: /veo is refused in servers until the database answers')).toHaveLength(1);

    const broken = new InMemoryGuildSettingsSnapshot();
    broken.load = () => Promise.reject(new Error('EACCES'));
    const w = world(store, broken);
    w.repo.available = false;
    expect(await w.core.submit.execute(veo('a fox'))).toMatchObject({ message: SETTINGS_UNKNOWN });
    expect(w.logger.find('Settings snapshot could not be loaded')).toHaveLength(1);
  });

  it('a snapshot that cannot be written is warned about once per failing spell, never failing a read', async () => {
    const store = new InMemoryGuildSettingsStore();
    const snapshot = new InMemoryGuildSettingsSnapshot();
    snapshot.failSaves = true;
    const w = world(store, snapshot);
    await w.core.startUp();
    await w.set({ blockedWords: ['one'] });
    await w.set({ blockedWords: ['two'] });
    expect(await w.cache.readAll()).toBe(true);
    await w.cache.snapshotSaved();
    expect(w.logger.find('Settings snapshot could not be saved; a start while the database is down would use an older one')).toHaveLength(1);
    snapshot.failSaves = false;
    await w.set({ blockedWords: ['three'] });
    expect(snapshot.current()?.settings).toMatchObject([{ blockedWords: ['three'] }]);
    expect(w.logger.find('Settings snapshot saved again')).toHaveLength(1);
  });

  it("follows another instance's change at once (the notice is read and saved), not at the next restart", async () => {
    const store = new InMemoryGuildSettingsStore();
    const presence = new InMemoryWorkerPresence();
    const snapshot = new InMemoryGuildSettingsSnapshot();
    const a = world(store, undefined, { presence, workerId: 'a' });
    const b = world(store, snapshot, { presence, workerId: 'b', repo: a.repo, clock: a.clock });
    await a.core.startUp();
    await b.core.startUp();
    await a.set({ blockedWords: ['dragon'] });
    await flushAsync();
    await b.cache.snapshotSaved();
    expect(snapshot.current()?.settings).toMatchObject([{ guildId: 'guild-1', blockedWords: ['dragon'] }]);
  });
});
