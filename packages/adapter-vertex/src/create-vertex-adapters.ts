import { readFileSync } from 'node:fs';
import { GoogleGenAI } from '@google/genai';
import type { GoogleGenAIOptions } from '@google/genai';
import { Storage } from '@google-cloud/storage';
import { ConfigurationError } from '@veo-bot/core';
import type { Logger } from '@veo-bot/core';
import type { VertexConfig } from './config/vertex-config.js';
import { GcsVideoStore } from './gcs/gcs-video-store.js';
import { VertexVideoGenerator } from './vertex/vertex-video-generator.js';

/** google-auth-library options as @google/genai accepts them (scopes, keyFile, authClient …). */
export type VertexAuthOptions = NonNullable<GoogleGenAIOptions['googleAuthOptions']>;

/** Service-account fields that can sign URLs. */
export interface SigningCredentials {
  readonly client_email: string;
  readonly private_key: string;
}

/** Things that are not configuration values: credentials objects and the logger. */
export interface VertexRuntimeOptions {
  /** Auth for Vertex AI; default: Application Default Credentials with the cloud-platform scope. */
  readonly googleAuthOptions?: VertexAuthOptions;
  /** Credentials to sign links with; default: read from `config.signingKeyFile` when set. */
  readonly signingCredentials?: SigningCredentials;
  readonly logger?: Logger;
}

/** The adapters and the SDK clients under them (exposed for health checks). */
export interface VertexAdapters {
  readonly generator: VertexVideoGenerator;
  readonly store: GcsVideoStore;
  readonly genai: GoogleGenAI;
  readonly storage: Storage;
}

/** Builds the @google/genai client in Vertex mode, honouring a configured base URL and API version. */
export function createGenAiClient(config: VertexConfig, auth?: VertexAuthOptions): GoogleGenAI {
  return new GoogleGenAI({
    vertexai: true,
    project: config.project,
    location: config.location,
    apiVersion: config.vertexApiVersion,
    ...(auth ? { googleAuthOptions: auth } : {}),
    httpOptions: { apiVersion: config.vertexApiVersion, ...(config.vertexBaseUrl ? { baseUrl: config.vertexBaseUrl } : {}) },
  });
}

/** Reads a service-account key file for signing; errors name the setting, never the key. */
export function loadSigningCredentials(path: string, setting = 'signingKeyFile'): SigningCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? 'not valid JSON';
    throw new ConfigurationError(`${setting}: cannot read a service-account key from "${path}" (${why}).`);
  }
  const { client_email, private_key } = (parsed ?? {}) as Partial<Record<string, unknown>>;
  if (typeof client_email !== 'string' || typeof private_key !== 'string' || !private_key.includes('PRIVATE KEY')) {
    throw new ConfigurationError(`${setting}: "${path}" is not a service-account key (it needs client_email and private_key).`);
  }
  return { client_email, private_key };
}

/** Wires a {@link VertexVideoGenerator} and a {@link GcsVideoStore} from a resolved config. */
export function createVertexAdapters(config: VertexConfig, runtime: VertexRuntimeOptions = {}): VertexAdapters {
  const endpoint = config.storageEndpoint ? { apiEndpoint: config.storageEndpoint.replace(/\/+$/, '') } : {};
  const storage = new Storage({ projectId: config.project, ...endpoint });
  const signing = runtime.signingCredentials ?? (config.signingKeyFile ? loadSigningCredentials(config.signingKeyFile) : undefined);
  const signer = signing ? new Storage({ projectId: config.project, credentials: { ...signing }, ...endpoint }) : undefined;
  const logger = runtime.logger;
  const store = new GcsVideoStore({
    storage,
    ...(signer ? { signer } : {}),
    linkTemplate: config.linkTemplate,
    signedUrlTtlSeconds: config.signedUrlTtlSeconds,
    ...(logger ? { logger } : {}),
  });
  const genai = createGenAiClient(config, runtime.googleAuthOptions);
  const generator = new VertexVideoGenerator({ client: genai, config, uploader: store, ...(logger ? { logger } : {}) });
  return { generator, store, genai, storage };
}

/**
 * Auth from a fixed OAuth access token (e.g. `gcloud auth print-access-token`, or a token
 * minted by a sidecar) instead of Application Default Credentials. No network call is made to
 * obtain it; it is sent as-is until it expires.
 */
export function accessTokenAuth(token: string): VertexAuthOptions {
  const authClient = { getRequestHeaders: async (): Promise<Headers> => new Headers({ Authorization: `Bearer ${token}` }) };
  // google-auth-library's AuthClient is a class with many members; @google/genai only calls this one.
  return { authClient: authClient as unknown as NonNullable<VertexAuthOptions['authClient']> };
}
