import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@veo-bot/core';
import { describe, expect, it } from 'vitest';
import { createVertexAdapters, loadSigningCredentials, parseVertexConfig, resolveVertexConfig } from '../index.js';

const env = { GOOGLE_CLOUD_PROJECT: 'my-project', GOOGLE_CLOUD_LOCATION: 'us-central1', GCS_BUCKET: 'my-videos' };
const errorOf = (fn: () => unknown): ConfigurationError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
};

describe('Vertex configuration', () => {
  it('reads the environment with defaults', () => {
    expect(parseVertexConfig(env)).toMatchObject({
      project: 'my-project',
      location: 'us-central1',
      bucket: 'my-videos',
      prefix: 'veo-bot',
      model: 'veo-3.1-generate-001',
      vertexApiVersion: 'v1',
      linkTemplate: 'https://storage.googleapis.com/{bucket}/{object}',
    });
    const custom = parseVertexConfig({ ...env, GCS_BUCKET: 'gs://my-videos/', GCS_PREFIX: '/bot/out/', VEO_MODELS: 'veo-3.1-lite-generate-001', VEO_MODEL: 'veo-3.1-lite-generate-001', VERTEX_BASE_URL: 'https://private.example.com', VERTEX_START_TIMEOUT_MS: '5000' });
    expect(custom).toMatchObject({ bucket: 'my-videos', prefix: 'bot/out', model: 'veo-3.1-lite-generate-001', vertexBaseUrl: 'https://private.example.com', startTimeoutMs: 5000 });
    expect(custom.models.map((m) => m.id)).toEqual(['veo-3.1-lite-generate-001']);
  });

  it('names every missing setting by its variable', () => {
    const error = errorOf(() => parseVertexConfig({}));
    expect(error.code).toBe('INVALID_CONFIGURATION');
    for (const name of ['GOOGLE_CLOUD_PROJECT', 'GOOGLE_CLOUD_LOCATION', 'GCS_BUCKET']) expect(error.message).toContain(name);
  });

  it('names wrong values', () => {
    const error = errorOf(() =>
      parseVertexConfig({ ...env, GOOGLE_CLOUD_LOCATION: 'Mars', VEO_MODEL: 'veo-1', VERTEX_BASE_URL: 'not a url', GCS_API_ENDPOINT: 'ftp://x', VERTEX_POLL_TIMEOUT_MS: 'soon', VEO_MODELS: 'veo-3.1-generate-001,sora' }),
    );
    for (const fragment of ['GOOGLE_CLOUD_LOCATION "Mars"', 'VEO_MODEL "veo-1"', 'VERTEX_BASE_URL', 'GCS_API_ENDPOINT', 'VERTEX_POLL_TIMEOUT_MS', 'VEO_MODELS names unknown models: sora'])
      expect(error.message).toContain(fragment);
    expect(errorOf(() => parseVertexConfig({ ...env, VEO_MODELS: 'veo-3.1-generate-001,veo-2.0-generate-001' })).message).toContain('VEO_MODELS: veo-2.0-generate-001 was retired by Google on 2026-06-30; use veo-3.1-generate-001 instead');
    expect(errorOf(() => resolveVertexConfig({ project: 'p', location: 'us-central1', bucket: 'b', linkTemplate: 'https://x/' })).message).toContain('linkTemplate must contain {object}');
    expect(errorOf(() => resolveVertexConfig({ project: 'p', location: 'us-central1', bucket: 'ok-bucket', signedUrlTtlSeconds: 8 * 86400 })).message).toContain('signedUrlTtlSeconds');
  });

  it('reports an unusable signing key file without printing the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'veo-key-'));
    const file = join(dir, 'key.json');
    writeFileSync(file, JSON.stringify({ private_key: '-----BEGIN PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n' }));
    const error = errorOf(() => loadSigningCredentials(file, 'VEO_GCS_SIGNING_KEY_FILE'));
    expect(error.message).toContain('VEO_GCS_SIGNING_KEY_FILE');
    expect(error.message).not.toContain('SECRETKEYMATERIAL');
    expect(errorOf(() => createVertexAdapters(parseVertexConfig({ ...env, VEO_GCS_SIGNING_KEY_FILE: join(dir, 'missing.json') }))).message).toContain('ENOENT');
  });
});
