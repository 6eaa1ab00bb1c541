import { ConfigurationError, VEO_MODELS, findModel, retiredModel } from '@veo-bot/core';
import type { ModelCapabilities } from '@veo-bot/core';
import { resolveVertexConfig } from './vertex-config.js';
import type { SettingNames, VertexConfig, VertexConfigInput } from './vertex-config.js';

/**
 * Environment variables read by {@link parseVertexConfig} — the same names `veo-bot start`
 * reads (its configuration passes them to {@link resolveVertexConfig}, so both speak one
 * vocabulary and name the same variables in their errors). Project and location use the names
 * Google's own SDKs read, so an existing gcloud-style environment just works.
 */
export const VERTEX_ENV = {
  project: 'GOOGLE_CLOUD_PROJECT',
  location: 'GOOGLE_CLOUD_LOCATION',
  bucket: 'GCS_BUCKET',
  prefix: 'GCS_PREFIX',
  model: 'VEO_MODEL',
  models: 'VEO_MODELS',
  vertexBaseUrl: 'VERTEX_BASE_URL',
  vertexApiVersion: 'VERTEX_API_VERSION',
  storageEndpoint: 'GCS_API_ENDPOINT',
  startTimeoutMs: 'VERTEX_START_TIMEOUT_MS',
  pollTimeoutMs: 'VERTEX_POLL_TIMEOUT_MS',
  linkTemplate: 'VEO_LINK_TEMPLATE',
  signedUrlTtlSeconds: 'VEO_SIGNED_URL_TTL_SECONDS',
  signingKeyFile: 'VEO_GCS_SIGNING_KEY_FILE',
} as const satisfies Required<SettingNames>;

/** Anything shaped like `process.env`. */
export type EnvLike = Readonly<Record<string, string | undefined>>;

const text = (env: EnvLike, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

/**
 * Builds a {@link VertexConfig} from environment variables ({@link VERTEX_ENV}). Throws one
 * ConfigurationError naming every missing or wrong variable. Credentials are not read here:
 * they come from Google's Application Default Credentials (`GOOGLE_APPLICATION_CREDENTIALS`,
 * gcloud, or the metadata server).
 */
export function parseVertexConfig(env: EnvLike): VertexConfig {
  const problems: string[] = [];
  const int = (name: string): number | undefined => {
    const raw = text(env, name);
    if (raw === undefined) return undefined;
    if (/^\d+$/.test(raw)) return Number(raw);
    problems.push(`${name} must be a whole number, got "${raw}"`);
    return undefined;
  };
  const models = parseModels(text(env, VERTEX_ENV.models), problems);
  const input: VertexConfigInput = {
    project: text(env, VERTEX_ENV.project) ?? '',
    location: text(env, VERTEX_ENV.location) ?? '',
    bucket: (text(env, VERTEX_ENV.bucket) ?? '').replace(/^gs:\/\//, '').replace(/\/+$/, ''),
    prefix: text(env, VERTEX_ENV.prefix)?.replace(/^\/+|\/+$/g, ''),
    model: text(env, VERTEX_ENV.model),
    models,
    vertexBaseUrl: text(env, VERTEX_ENV.vertexBaseUrl),
    vertexApiVersion: text(env, VERTEX_ENV.vertexApiVersion),
    storageEndpoint: text(env, VERTEX_ENV.storageEndpoint),
    startTimeoutMs: int(VERTEX_ENV.startTimeoutMs),
    pollTimeoutMs: int(VERTEX_ENV.pollTimeoutMs),
    linkTemplate: text(env, VERTEX_ENV.linkTemplate),
    signedUrlTtlSeconds: int(VERTEX_ENV.signedUrlTtlSeconds),
    signingKeyFile: text(env, VERTEX_ENV.signingKeyFile),
  };
  try {
    const config = resolveVertexConfig(input, VERTEX_ENV);
    if (problems.length > 0) throw new ConfigurationError(`Invalid Vertex AI / Cloud Storage configuration: ${problems.join('; ')}.`);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigurationError) || problems.length === 0) throw error;
    throw new ConfigurationError(`${error.message.replace(/\.$/, '')}; ${problems.join('; ')}.`);
  }
}

function parseModels(raw: string | undefined, problems: string[]): readonly ModelCapabilities[] | undefined {
  if (raw === undefined) return undefined;
  const ids = raw.split(',').map((id) => id.trim()).filter(Boolean);
  for (const id of ids) {
    const retired = retiredModel(id);
    if (retired) problems.push(`${VERTEX_ENV.models}: ${id} was retired by Google on ${retired.retiredOn}; use ${retired.replacement} instead`);
  }
  const unknown = ids.filter((id) => !findModel(id) && !retiredModel(id));
  if (unknown.length > 0) problems.push(`${VERTEX_ENV.models} names unknown models: ${unknown.join(', ')} (known: ${VEO_MODELS.map((m) => m.id).join(', ')})`);
  return ids.map((id) => findModel(id)).filter((m): m is ModelCapabilities => m !== undefined);
}
