import { afterEach, describe, expect, it } from 'vitest';
import { defaultGuildSettings, type GuildSettings } from '../../domain/guild-settings.js';
import type { GuildSettingsSnapshot } from '../../ports/guild-settings-snapshot.js';

/** A snapshot as two processes on one host see it: `reopen` is the next process's view of the same place. */
export interface GuildSettingsSnapshotFixture {
  readonly snapshot: GuildSettingsSnapshot;
  reopen(): GuildSettingsSnapshot;
  cleanup?(): Promise<void>;
}

const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 12, 0, s, 250));

/** Every field set to something other than its default. */
export function aConfiguredServer(guildId: string, updatedAt = at(1)): GuildSettings {
  return {
    ...defaultGuildSettings(guildId),
    allowedChannels: ['100000000000000001', '100000000000000002'],
    nsfwOnly: true,
    perUserDailyLimit: 0,
    exemptRoleId: '200000000000000001',
    allowedModels: ['veo-3.1-fast-generate-001'],
    allowedResolutions: ['720p'],
    allowedDurations: [4, 8],
    blockedWords: ['dragón', 'two words'],
    blockedPatterns: ['^\\d+$'],
    updatedAt,
    updatedBy: 'cli:ops',
  };
}

/** The behaviour every GuildSettingsSnapshot must have (in memory, or a file). */
export function guildSettingsSnapshotContract(name: string, setup: () => Promise<GuildSettingsSnapshotFixture>): void {
  describe(`GuildSettingsSnapshot contract: ${name}`, () => {
    let fx: GuildSettingsSnapshotFixture | undefined;
    afterEach(async () => {
      await fx?.cleanup?.();
    });

    it('has nothing before the first save', async () => {
      fx = await setup();
      expect(await fx.snapshot.load()).toBeNull();
    });

    it('gives the next process every field back, dates as dates', async () => {
      fx = await setup();
      const servers = [aConfiguredServer('g1'), { ...defaultGuildSettings('g2'), blockedWords: ['x'], updatedAt: null, updatedBy: null }];
      await fx.snapshot.save({ takenAt: at(5), settings: servers });
      const loaded = await fx.reopen().load();
      expect(loaded).toEqual({ takenAt: at(5), settings: servers });
      expect(loaded?.takenAt).toBeInstanceOf(Date);
      expect(loaded?.settings[0]?.updatedAt).toBeInstanceOf(Date);
      expect(loaded?.settings[0]?.updatedAt?.getTime()).toBe(at(1).getTime());
    });

    it('a save replaces the previous snapshot whole, and an empty one is still a snapshot', async () => {
      fx = await setup();
      await fx.snapshot.save({ takenAt: at(1), settings: [aConfiguredServer('g1'), aConfiguredServer('g2')] });
      await fx.snapshot.save({ takenAt: at(2), settings: [aConfiguredServer('g3')] });
      expect((await fx.reopen().load())?.settings.map((s) => s.guildId)).toEqual(['g3']);
      await fx.snapshot.save({ takenAt: at(3), settings: [] });
      expect(await fx.reopen().load()).toEqual({ takenAt: at(3), settings: [] });
    });
  });
}
