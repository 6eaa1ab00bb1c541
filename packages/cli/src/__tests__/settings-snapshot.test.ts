import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MemoryLogger, aConfiguredServer, guildSettingsSnapshotContract } from '@veo-bot/core/testing';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { settingsDatabaseLabel, settingsSnapshotPath } from '../config/snapshot-config.js';
import { stateDirectory } from '../runtime/embedded-database.js';
import { FileGuildSettingsSnapshot } from '../system/file-guild-settings-snapshot.js';

const folder = () => mkdtempSync(join(tmpdir(), 'veo-snapshot-'));
const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 12, 0, s, 500));

guildSettingsSnapshotContract('a JSON file', async () => {
  const dir = folder();
  const path = join(dir, 'nested', 'guild-settings.json');
  const open = () => new FileGuildSettingsSnapshot({ path, database: 'db-a', logger: new MemoryLogger() });
  return { snapshot: open(), reopen: open, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

describe('FileGuildSettingsSnapshot', () => {
  it('writes readable JSON with its version and database, mode 0600, replacing the old file by a rename (no temporary file left)', async () => {
    const dir = folder();
    const path = join(dir, 'guild-settings.json');
    // An older file with looser permissions: a rename gives the snapshot a file of its own.
    writeFileSync(path, '{}');
    chmodSync(path, 0o644);
    const snapshot = new FileGuildSettingsSnapshot({ path, database: 'db-a', logger: new MemoryLogger() });
    await snapshot.save({ takenAt: at(1), settings: [aConfiguredServer('g1', at(0))] });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['guild-settings.json']);
    const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({ version: 1, database: 'db-a', takenAt: '2026-12-02T12:00:01.500Z', settings: [{ guildId: 'g1', updatedAt: '2026-12-02T12:00:00.500Z', blockedWords: ['dragón', 'two words'] }] });
  });

  it('a reader never sees half a snapshot while another process replaces it', async () => {
    const dir = folder();
    const path = join(dir, 'guild-settings.json');
    const logger = new MemoryLogger();
    const writers = [1, 2].map(() => new FileGuildSettingsSnapshot({ path, logger }));
    const reader = new FileGuildSettingsSnapshot({ path, logger });
    const big = (n: number) => Array.from({ length: 400 }, (_, i) => aConfiguredServer(`g${n}-${i}`));
    await writers[0]!.save({ takenAt: at(0), settings: big(0) });
    const loads: Promise<unknown>[] = [];
    const saves: Promise<void>[] = [];
    for (let round = 1; round <= 15; round++) {
      saves.push(writers[round % 2]!.save({ takenAt: at(round), settings: big(round) }));
      loads.push(reader.load());
    }
    await Promise.all(saves);
    const seen = await Promise.all(loads);
    expect(seen.every((s) => s !== null)).toBe(true);
    expect(logger.entries.filter((e) => e.level === 'warn')).toEqual([]);
    expect(readdirSync(dir)).toEqual(['guild-settings.json']);
  });

  it('a save that cannot finish throws and leaves no temporary file behind', async () => {
    const dir = folder();
    const path = join(dir, 'guild-settings.json');
    mkdirSync(join(path, 'in-the-way'), { recursive: true }); // a folder where the file should go: the rename fails
    const snapshot = new FileGuildSettingsSnapshot({ path, logger: new MemoryLogger() });
    await expect(snapshot.save({ takenAt: at(1), settings: [] })).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['guild-settings.json']);
    expect(statSync(path).isDirectory()).toBe(true);
  });

  it('no file: no snapshot; an unreadable, corrupt, foreign or other-version file: no snapshot, with a warning, never a throw', async () => {
    const dir = folder();
    const path = join(dir, 'guild-settings.json');
    const logger = new MemoryLogger();
    const snapshot = new FileGuildSettingsSnapshot({ path, database: 'db-a', logger });
    expect(await snapshot.load()).toBeNull();
    expect(logger.find('No settings snapshot yet')).toHaveLength(1);

    const good = { version: 1, database: 'db-a', takenAt: at(1).toISOString(), settings: [JSON.parse(JSON.stringify(aConfiguredServer('g1'))) as Record<string, unknown>] };
    const cases: [string, string][] = [
      ['{"version": 1, "database": "db-a", "takenAt": "2026-12-', 'Settings snapshot is corrupt; not used'],
      [JSON.stringify({ ...good, settings: [{ ...good.settings[0], blockedWords: 5 }] }), 'Settings snapshot is corrupt; not used'],
      [JSON.stringify({ ...good, settings: [{ ...good.settings[0], updatedAt: 'yesterday' }] }), 'Settings snapshot is corrupt; not used'],
      [JSON.stringify({ ...good, settings: [{ ...good.settings[0], blockedPatterns: ['(a+)+'] }] }), 'Settings snapshot is corrupt; not used'],
      [JSON.stringify({ ...good, version: 2 }), 'Settings snapshot has another format; not used'],
      ['[]', 'Settings snapshot has another format; not used'],
      [JSON.stringify({ ...good, database: 'db-b' }), 'Settings snapshot was taken from another database; not used'],
    ];
    for (const [text, warning] of cases) {
      writeFileSync(path, text);
      logger.entries.length = 0;
      expect(await snapshot.load()).toBeNull();
      expect(logger.find(warning)).toHaveLength(1);
    }
    writeFileSync(path, JSON.stringify(good));
    expect((await snapshot.load())?.settings[0]?.updatedAt).toEqual(aConfiguredServer('g1').updatedAt);

    rmSync(path);
    mkdirSync(path);
    logger.entries.length = 0;
    expect(await snapshot.load()).toBeNull();
    expect(logger.find('Settings snapshot cannot be read; not used')[0]?.fields).toMatchObject({ error_code: 'EISDIR' });
  });
});

describe('VEO_SETTINGS_SNAPSHOT', () => {
  it('defaults to guild-settings.json in the state folder, beside the embedded database; a path of its own; off: none', () => {
    expect(settingsSnapshotPath(loadConfig({ VEO_BOT_STATE_DIR: '/srv/veo' }))).toBe('/srv/veo/guild-settings.json');
    expect(settingsSnapshotPath(loadConfig({}))).toBe(join(stateDirectory(), 'guild-settings.json'));
    expect(settingsSnapshotPath(loadConfig({ VEO_SETTINGS_SNAPSHOT: 'state/settings.json' }))).toBe(resolve('state/settings.json'));
    for (const off of ['off', 'OFF']) expect(settingsSnapshotPath(loadConfig({ VEO_SETTINGS_SNAPSHOT: off }))).toBeNull();
    // An empty environment value is unset (the default), as for every setting; "" in a --config file is off.
    expect(settingsSnapshotPath(loadConfig({ VEO_SETTINGS_SNAPSHOT: '' }))).toBe(join(stateDirectory(), 'guild-settings.json'));
    const file = join(folder(), 'veo.json');
    writeFileSync(file, JSON.stringify({ VEO_SETTINGS_SNAPSHOT: '' }));
    expect(settingsSnapshotPath(loadConfig({}, file))).toBeNull();
  });

  it('names the database it was taken from without credentials', () => {
    const label = settingsDatabaseLabel(loadConfig({ DATABASE_URL: 'postgres://veo:s3cret@db.internal:6543/veo', DATABASE_SCHEMA: 'bot' }));
    expect(label).toBe('db.internal:6543/veo#bot');
    expect(settingsDatabaseLabel(loadConfig({ DATABASE_URL: 'postgresql://veo@db/veo' }))).toBe('db:5432/veo#public');
    expect(settingsDatabaseLabel(loadConfig({ VEO_BOT_STATE_DIR: '/srv/veo' }))).toBe('embedded:/srv/veo/pgdata#public');
  });
});
