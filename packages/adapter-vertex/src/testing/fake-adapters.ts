import type { Logger } from '@veo-bot/core';
import { resolveVertexConfig } from '../config/vertex-config.js';
import type { VertexConfig, VertexConfigInput } from '../config/vertex-config.js';
import { accessTokenAuth, createVertexAdapters } from '../create-vertex-adapters.js';
import type { SigningCredentials, VertexAdapters, VertexAuthOptions } from '../create-vertex-adapters.js';
import type { FakeGoogleCloud } from './fake-google-cloud.js';

/** The access token the fake helpers send; not a secret, only proof that auth headers flow. */
export const FAKE_ACCESS_TOKEN = 'fake-access-token';

/**
 * Auth options with a fixed bearer token and no network: an auth client whose
 * `getRequestHeaders` returns a `Headers` (a plain object makes @google/genai throw).
 */
export function staticTokenAuth(token: string = FAKE_ACCESS_TOKEN): VertexAuthOptions {
  return accessTokenAuth(token);
}

/** Overrides for {@link createFakeVertexAdapters}. */
export interface FakeAdapterOptions extends Partial<VertexConfigInput> {
  readonly token?: string;
  readonly signingCredentials?: SigningCredentials;
  readonly logger?: Logger;
}

/** The config a deployment would use to reach `fake` (its URL as Vertex base URL and storage endpoint). */
export function fakeVertexConfig(fake: FakeGoogleCloud, overrides: Partial<VertexConfigInput> = {}): VertexConfig {
  return resolveVertexConfig({
    project: 'fake-project',
    location: 'us-central1',
    bucket: 'fake-bucket',
    prefix: 'veo',
    vertexBaseUrl: fake.url,
    storageEndpoint: fake.url,
    ...overrides,
  });
}

/** A ready VertexVideoGenerator + GcsVideoStore wired, like production, to a started `fake`. */
export function createFakeVertexAdapters(fake: FakeGoogleCloud, options: FakeAdapterOptions = {}): VertexAdapters & { readonly config: VertexConfig } {
  const { token, signingCredentials, logger, ...overrides } = options;
  const config = fakeVertexConfig(fake, overrides);
  const adapters = createVertexAdapters(config, {
    googleAuthOptions: staticTokenAuth(token),
    ...(signingCredentials ? { signingCredentials } : {}),
    ...(logger ? { logger } : {}),
  });
  return { ...adapters, config };
}
