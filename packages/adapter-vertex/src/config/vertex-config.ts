import { ConfigurationError, DEFAULT_MODEL_ID, VEO_MODELS, findModel } from '@veo-bot/core';
import type { ModelCapabilities } from '@veo-bot/core';

/** Where and how videos are generated and stored; every remote endpoint is a value here. */
export interface VertexConfig {
  /** Google Cloud project id that owns the Vertex AI quota and the bucket. */
  readonly project: string;
  /** Vertex AI region, e.g. `us-central1`. */
  readonly location: string;
  /** Cloud Storage bucket Veo writes into. */
  readonly bucket: string;
  /** Folder inside the bucket; each request gets `<prefix>/<request-id>/`. No leading or trailing slash. */
  readonly prefix: string;
  /** Model used when a request names none. */
  readonly model: string;
  /** Models this deployment offers (default: every known Veo model). */
  readonly models: readonly ModelCapabilities[];
  /** Vertex AI base URL (regional, private endpoint, or a local fake); undefined = the SDK's default. */
  readonly vertexBaseUrl?: string;
  /** Vertex API version in the URL path. */
  readonly vertexApiVersion: string;
  /** Cloud Storage JSON API endpoint (emulator or fake); undefined = Google's. */
  readonly storageEndpoint?: string;
  /** Gives up waiting for a start answer after this long; the outcome is then unknown, never re-sent. */
  readonly startTimeoutMs: number;
  /** Gives up waiting for one poll answer after this long (safe: polls are idempotent). */
  readonly pollTimeoutMs: number;
  /** Link used when URLs cannot be signed; `{bucket}` and `{object}` are replaced. */
  readonly linkTemplate: string;
  /** Lifetime of V4 signed URLs (at most 7 days). */
  readonly signedUrlTtlSeconds: number;
  /** Path to a service-account JSON key used only to sign links (client_email + private_key). */
  readonly signingKeyFile?: string;
}

/** Names to use for settings in error messages (e.g. environment variable names). */
export type SettingNames = Partial<Record<keyof VertexConfig, string>>;

/** What a caller must give; everything else has a default. */
export type VertexConfigInput = Pick<VertexConfig, 'project' | 'location' | 'bucket'> & Partial<VertexConfig>;

/** Public, unauthenticated object URL. `https://storage.cloud.google.com/{bucket}/{object}` asks the user to sign in. */
export const DEFAULT_LINK_TEMPLATE = 'https://storage.googleapis.com/{bucket}/{object}';
/** Longest lifetime Cloud Storage allows for a V4 signed URL. */
export const MAX_SIGNED_URL_TTL_SECONDS = 7 * 24 * 3600;

/** Folder inside the bucket when none is set (`GCS_PREFIX`). */
export const DEFAULT_GCS_PREFIX = 'veo-bot';

const DEFAULTS = {
  prefix: DEFAULT_GCS_PREFIX,
  model: DEFAULT_MODEL_ID,
  models: VEO_MODELS,
  vertexApiVersion: 'v1',
  startTimeoutMs: 60_000,
  pollTimeoutMs: 30_000,
  linkTemplate: DEFAULT_LINK_TEMPLATE,
  signedUrlTtlSeconds: 24 * 3600,
} as const;

const LOCATION = /^[a-z]+(-[a-z0-9]+)+$|^global$/;
const BUCKET = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

function checkUrl(problems: string[], name: string, value: string | undefined): void {
  if (value === undefined) return;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`${name} must be an http(s) URL, got "${value}"`);
  } catch {
    problems.push(`${name} must be an absolute URL, got "${value}"`);
  }
}

function checkPositive(problems: string[], name: string, value: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value <= 0 || value > max) problems.push(`${name} must be a whole number from 1 to ${max}, got ${value}`);
}

/**
 * Fills defaults and checks every setting, throwing one {@link ConfigurationError} that names
 * each missing or wrong setting (never their secret values: this config holds none).
 */
export function resolveVertexConfig(input: VertexConfigInput, names: SettingNames = {}): VertexConfig {
  const { project = '', location = '', bucket = '' } = input;
  const config: VertexConfig = { ...DEFAULTS, ...stripUndefined(input), project, location, bucket };
  const problems: string[] = [];
  const n = (field: keyof VertexConfig): string => names[field] ?? field;
  if (!config.project?.trim()) problems.push(`${n('project')} is required (the Google Cloud project id)`);
  if (!config.location?.trim()) problems.push(`${n('location')} is required (a Vertex AI region such as us-central1)`);
  else if (!LOCATION.test(config.location)) problems.push(`${n('location')} "${config.location}" is not a Vertex AI region such as us-central1`);
  if (!config.bucket?.trim()) problems.push(`${n('bucket')} is required (the Cloud Storage bucket Veo writes into)`);
  else if (!BUCKET.test(config.bucket)) problems.push(`${n('bucket')} "${config.bucket}" is not a valid bucket name (write it without gs://)`);
  if (!config.prefix || config.prefix.startsWith('/') || config.prefix.endsWith('/'))
    problems.push(`${n('prefix')} "${config.prefix}" must be a non-empty folder name without leading or trailing "/"`);
  if (config.models.length === 0) problems.push(`${n('models')} must list at least one model`);
  else if (!findModel(config.model, config.models))
    problems.push(`${n('model')} "${config.model}" is not one of the offered models: ${config.models.map((m) => m.id).join(', ')}`);
  if (!/^v\d+((alpha|beta)\d*)?$/.test(config.vertexApiVersion)) problems.push(`${n('vertexApiVersion')} "${config.vertexApiVersion}" must look like v1 or v1beta1`);
  checkUrl(problems, n('vertexBaseUrl'), config.vertexBaseUrl);
  checkUrl(problems, n('storageEndpoint'), config.storageEndpoint);
  checkPositive(problems, n('startTimeoutMs'), config.startTimeoutMs);
  checkPositive(problems, n('pollTimeoutMs'), config.pollTimeoutMs);
  checkPositive(problems, n('signedUrlTtlSeconds'), config.signedUrlTtlSeconds, MAX_SIGNED_URL_TTL_SECONDS);
  if (!config.linkTemplate.includes('{object}')) problems.push(`${n('linkTemplate')} must contain {object}, got "${config.linkTemplate}"`);
  else checkUrl(problems, n('linkTemplate'), config.linkTemplate.replace('{bucket}', 'b').replace('{object}', 'o'));
  if (problems.length > 0) throw new ConfigurationError(`Invalid Vertex AI / Cloud Storage configuration: ${problems.join('; ')}.`);
  return config;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
