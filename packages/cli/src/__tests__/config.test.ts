import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { modelPolicy } from '../container.js';
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

  it('DISABLE_TASK_RESUME accepts true/1/yes', () => {
    for (const v of ['true', '1', 'yes']) expect(loadConfig({ DISABLE_TASK_RESUME: v }).DISABLE_TASK_RESUME).toBe(true);
  });

  it('model policy: only known models, default among the offered ones', () => {
    expect(modelPolicy(loadConfig({ VEO_MODELS: 'veo-3.1-generate-001,veo-3.1-fast-generate-001' })).models.map((m) => m.id)).toEqual(['veo-3.1-generate-001', 'veo-3.1-fast-generate-001']);
    expect(problems(() => modelPolicy(loadConfig({ VEO_MODELS: 'veo-9' })))[0]).toContain('VEO_MODELS: unknown model(s) veo-9');
    expect(problems(() => modelPolicy(loadConfig({ VEO_MODELS: 'veo-2.0-generate-001' })))[0]).toContain('VEO_MODEL:');
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
