import { afterEach, describe, expect, it } from 'vitest';
import type { GuildSettingsStore } from '../../ports/guild-settings-store.js';

/** A settings store as two instances see it (two connections to one database, or one shared fake). */
export interface GuildSettingsStoreFixture {
  readonly a: GuildSettingsStore;
  readonly b: GuildSettingsStore;
  cleanup?(): Promise<void>;
}

const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 12, 0, s));
// Core has no Node types; a notice over a real connection takes real time to arrive.
const timers = globalThis as unknown as { setTimeout(run: () => void, ms: number): unknown };
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise<void>((r) => timers.setTimeout(r, 10));
  return check();
};

/** The behaviour every GuildSettingsStore must have (in memory, or in Postgres with LISTEN/NOTIFY). */
export function guildSettingsStoreContract(name: string, setup: () => Promise<GuildSettingsStoreFixture>): void {
  describe(`GuildSettingsStore contract: ${name}`, () => {
    let fx: GuildSettingsStoreFixture | undefined;
    afterEach(async () => {
      await fx?.cleanup?.();
    });

    it('stores a change with who and when, keeps what it did not touch, and audits each change', async () => {
      fx = await setup();
      expect(await fx.a.get('g1')).toBeNull();
      await fx.a.update('g1', () => ({ blockedWords: ['one'], perUserDailyLimit: 3, personGeneration: 'dont_allow' }), 'u1', at(1));
      const stored = await fx.a.update('g1', (s) => ({ blockedWords: [...s.blockedWords, 'two'] }), 'u2', at(2));
      expect(stored).toMatchObject({ guildId: 'g1', blockedWords: ['one', 'two'], perUserDailyLimit: 3, personGeneration: 'dont_allow', updatedBy: 'u2', updatedAt: at(2), allowedChannels: [] });
      expect(await fx.b.get('g1')).toEqual(stored);
      expect((await fx.b.all()).map((s) => s.guildId)).toEqual(['g1']);
      expect((await fx.a.audit('g1', 10)).map((e) => [e.changedBy, e.change])).toEqual([['u2', { blockedWords: ['one', 'two'] }], ['u1', { blockedWords: ['one'], perUserDailyLimit: 3, personGeneration: 'dont_allow' }]]);
      expect(await fx.a.audit('g1', 1)).toHaveLength(1);
    });

    it('an edit that throws changes nothing and audits nothing', async () => {
      fx = await setup();
      await expect(fx.a.update('g2', () => { throw new Error('refused'); }, 'u1', at(1))).rejects.toThrow('refused');
      expect(await fx.a.get('g2')).toBeNull();
      expect(await fx.a.audit('g2', 10)).toEqual([]);
    });

    it('concurrent edits of one server lose nothing', async () => {
      fx = await setup();
      const store = fx;
      await Promise.all(['w1', 'w2', 'w3', 'w4'].map((w, i) => (i % 2 ? store.a : store.b).update('g3', (s) => ({ blockedWords: [...s.blockedWords, w] }), w, at(i))));
      expect([...((await fx.a.get('g3'))?.blockedWords ?? [])].sort()).toEqual(['w1', 'w2', 'w3', 'w4']);
    });

    it('tells the other instance of a change', async () => {
      fx = await setup();
      const heard: string[] = [];
      const stop = await fx.b.watch!({ changed: (id) => heard.push(id), reconnected: () => undefined });
      await fx.a.update('g4', () => ({ nsfwOnly: true }), 'u1', at(1));
      expect(await until(() => heard.includes('g4'))).toBe(true);
      await stop();
    });
  });
}
