import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { VERTEX_ENV } from '@veo-bot/adapter-vertex';
import { configSchema } from '../config/schema.js';
import { modelPolicy } from '../container.js';
import { shardSettings } from '../config/shard-config.js';
import { SecretScrubber } from '../observability/secrets.js';

const problems = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('configuration', () => {
  it('has working defaults for everything optional', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ VEO_CONCURRENCY: 3, VEO_PER_USER_DAILY_LIMIT: 10, VERTEX_REQUESTS_PER_MINUTE: 10, DISABLE_TASK_RESUME: false, GOOGLE_CLOUD_LOCATION: 'us-central1', DISCORD_API_URL: 'https://discord.com/api' });
    expect(config.REQUEST_RETENTION_DAYS).toBeUndefined();
  });

  it('names every malformed variable and never echoes values', () => {
    const found = problems(() => loadConfig({ VEO_CONCURRENCY: '0', REQUEST_RETENTION_DAYS: 'forever', DISCORD_API_URL: 'not a url', DISABLE_TASK_RESUME: 'maybe', DATABASE_URL: 'redis://secret@x' }));
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'DISABLE_TASK_RESUME', 'DISCORD_API_URL', 'REQUEST_RETENTION_DAYS', 'VEO_CONCURRENCY']);
    expect(found.join('\n')).not.toContain('secret');
  });

  it('reads a JSON file, with the environment winning; a broken file is a clear error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'veo-config-'));
    const file = join(dir, 'veo.json');
    writeFileSync(file, JSON.stringify({ VEO_CONCURRENCY: 5, GCS_BUCKET: 'from-file-bucket' }));
    expect(loadConfig({ VEO_CONCURRENCY: '7' }, file)).toMatchObject({ VEO_CONCURRENCY: 7, GCS_BUCKET: 'from-file-bucket' });
    writeFileSync(file, '{ nope');
    expect(problems(() => loadConfig({}, file))[0]).toContain('must be a JSON object');
    expect(problems(() => loadConfig({}, join(dir, 'missing.json')))[0]).toContain('cannot be read (ENOENT)');
  });

  it('reads every Vertex setting by the name the Vertex adapter documents (one vocabulary)', () => {
    expect(Object.values(VERTEX_ENV).filter((name) => !(name in configSchema.shape))).toEqual([]);
    expect(loadConfig({}).GCS_PREFIX).toBe('veo-bot');
    expect(problems(() => loadConfig({ VEO_SIGNED_URL_TTL_SECONDS: '999999999', VERTEX_POLL_TIMEOUT_MS: 'soon' })).map((p) => p.split(':')[0]).sort()).toEqual(['VEO_SIGNED_URL_TTL_SECONDS', 'VERTEX_POLL_TIMEOUT_MS']);
  });

  it('DISABLE_TASK_RESUME accepts true/1/yes', () => {
    for (const v of ['true', '1', 'yes']) expect(loadConfig({ DISABLE_TASK_RESUME: v }).DISABLE_TASK_RESUME).toBe(true);
  });

  it('model policy: only known models, default among the offered ones', () => {
    expect(modelPolicy(loadConfig({ VEO_MODELS: 'veo-3.1-generate-001,veo-3.1-fast-generate-001' })).models.map((m) => m.id)).toEqual(['veo-3.1-generate-001', 'veo-3.1-fast-generate-001']);
    expect(problems(() => modelPolicy(loadConfig({ VEO_MODELS: 'veo-9' })))[0]).toContain('VEO_MODELS: unknown model(s) veo-9');
    expect(problems(() => modelPolicy(loadConfig({ VEO_MODELS: 'veo-3.1-lite-generate-001' })))[0]).toContain('VEO_MODEL: veo-3.1-generate-001 is not one of the offered models');
  });

  it('offers only models Vertex serves by default: Veo 3.1, 3.1 Fast and 3.1 Lite', () => {
    expect(modelPolicy(loadConfig({})).models.map((m) => m.id)).toEqual(['veo-3.1-generate-001', 'veo-3.1-fast-generate-001', 'veo-3.1-lite-generate-001']);
  });

  it('refuses a retired model in VEO_MODEL or VEO_MODELS, naming its replacement', () => {
    expect(problems(() => modelPolicy(loadConfig({ VEO_MODELS: 'veo-3.1-generate-001,veo-2.0-generate-001,veo-3.0-fast-generate-001' })))).toEqual([
      'VEO_MODELS: veo-2.0-generate-001 was retired by Google on 2026-06-30; use veo-3.1-generate-001 instead',
      'VEO_MODELS: veo-3.0-fast-generate-001 was retired by Google on 2026-06-30; use veo-3.1-fast-generate-001 instead',
    ]);
    expect(problems(() => modelPolicy(loadConfig({ VEO_MODEL: 'veo-3.0-generate-001' })))).toEqual(['VEO_MODEL: veo-3.0-generate-001 was retired by Google on 2026-06-30; use veo-3.1-generate-001 instead']);
  });

  describe('VEO_MODEL_CATALOG', () => {
    const entry = { id: 'veo-3.2-generate-001', label: 'Veo 3.2', durations: [4, 8], aspectRatios: ['16:9'], resolutions: ['1080p'], audio: false, imageInput: false, pricePerSecond: { '1080p': { withoutAudio: 0.3 } } };

    it('inline JSON or a file path: the declared model is offered after the built-in ones and may be the default', () => {
      expect(modelPolicy(loadConfig({ VEO_MODEL_CATALOG: JSON.stringify([entry]) })).models.map((m) => m.id)).toEqual(['veo-3.1-generate-001', 'veo-3.1-fast-generate-001', 'veo-3.1-lite-generate-001', 'veo-3.2-generate-001']);
      const file = join(mkdtempSync(join(tmpdir(), 'veo-catalog-')), 'models.json');
      writeFileSync(file, JSON.stringify({ models: [entry] }));
      const policy = modelPolicy(loadConfig({ VEO_MODEL_CATALOG: file, VEO_MODELS: 'veo-3.2-generate-001,veo-3.1-lite-generate-001', VEO_MODEL: 'veo-3.2-generate-001' }));
      expect(policy).toMatchObject({ defaultModel: 'veo-3.2-generate-001', models: [{ id: 'veo-3.2-generate-001', label: 'Veo 3.2', durations: [4, 8], audio: false, imageInput: false }, { id: 'veo-3.1-lite-generate-001' }] });
    });

    it('clear errors: unreadable file, not JSON, a bad entry, a retired id', () => {
      expect(problems(() => modelPolicy(loadConfig({ VEO_MODEL_CATALOG: '/nonexistent/models.json' })))).toEqual(['VEO_MODEL_CATALOG: cannot read the file /nonexistent/models.json (ENOENT); give a JSON file path or inline JSON']);
      expect(problems(() => modelPolicy(loadConfig({ VEO_MODEL_CATALOG: '[{nope' })))[0]).toMatch(/^VEO_MODEL_CATALOG: the value is not JSON \(/);
      expect(problems(() => modelPolicy(loadConfig({ VEO_MODEL_CATALOG: JSON.stringify([{ ...entry, durations: [] }]) })))).toEqual(['VEO_MODEL_CATALOG: models[0] (veo-3.2-generate-001).durations must be a non-empty list of distinct whole seconds from 1 to 60']);
      expect(problems(() => modelPolicy(loadConfig({ VEO_MODEL_CATALOG: JSON.stringify([{ ...entry, id: 'veo-2.0-generate-001' }]) })))[0]).toContain('retired by Google on 2026-06-30; use veo-3.1-generate-001');
      expect(problems(() => modelPolicy(loadConfig({ VEO_MODELS: 'veo-3.2-generate-001' })))[0]).toContain('unknown model(s) veo-3.2-generate-001; known: veo-3.1-generate-001, veo-3.1-fast-generate-001, veo-3.1-lite-generate-001 (declare a new one in VEO_MODEL_CATALOG)');
    });
  });

  describe('DISCORD_SHARDS / DISCORD_SHARD_COUNT', () => {
    it('auto, a list with its total, or a total alone', () => {
      expect(shardSettings(loadConfig({}))).toEqual({});
      expect(shardSettings(loadConfig({ DISCORD_SHARDS: 'auto' }))).toEqual({ shards: 'auto' });
      expect(shardSettings(loadConfig({ DISCORD_SHARDS: '3, 1', DISCORD_SHARD_COUNT: '4' }))).toEqual({ shards: [1, 3], shardCount: 4 });
      expect(shardSettings(loadConfig({ DISCORD_SHARD_COUNT: '2' }))).toEqual({ shardCount: 2 });
    });

    it('names the setting of every mistake', () => {
      expect(problems(() => loadConfig({ DISCORD_SHARDS: 'all' }))).toEqual(['DISCORD_SHARDS: must be auto or a comma-separated list of shard ids such as 0,1']);
      expect(problems(() => loadConfig({ DISCORD_SHARD_COUNT: '0' }))[0]).toMatch(/^DISCORD_SHARD_COUNT:/);
      expect(problems(() => shardSettings(loadConfig({ DISCORD_SHARDS: '0,1' })))).toEqual(['DISCORD_SHARD_COUNT: required with DISCORD_SHARDS=0,1 (the total number of shards over every process)']);
      expect(problems(() => shardSettings(loadConfig({ DISCORD_SHARDS: '1,2', DISCORD_SHARD_COUNT: '2' })))).toEqual(['DISCORD_SHARDS: shard id(s) 2 not below DISCORD_SHARD_COUNT=2 (ids run from 0 to 1)']);
      expect(problems(() => shardSettings(loadConfig({ DISCORD_SHARDS: 'auto', DISCORD_SHARD_COUNT: '2' })))[0]).toContain('leave it unset with DISCORD_SHARDS=auto');
    });
  });
});

describe('SecretScrubber', () => {
  it('removes the token, database password and secret-looking fields anywhere', () => {
    const scrubber = SecretScrubber.fromConfig({ DISCORD_TOKEN: 'MTIzNDU2Nzg5.abc.def-token', DATABASE_URL: 'postgres://veo:p%40ss-word@db:5432/veo' });
    const out = scrubber.scrub({ msg: 'auth MTIzNDU2Nzg5.abc.def-token failed', url: 'postgres://veo:p@ss-word@db/veo', nested: { token: 'anything', list: ['p@ss-word'] } });
    expect(JSON.stringify(out)).not.toMatch(/MTIzNDU2Nzg5|p@ss-word/);
    expect(out.nested.token).toBe('[redacted]');
    expect(scrubber.scrubString('Authorization: Bot AAAAAAAAAAAAAAAAAAAAAAAAA.BBB')).toBe('Authorization: Bot [redacted]');
  });
});
