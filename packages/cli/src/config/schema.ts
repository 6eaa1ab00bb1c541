import { DEFAULT_GCS_PREFIX, MAX_SIGNED_URL_TTL_SECONDS } from '@veo-bot/adapter-vertex';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const url = z.string().url();
/** A spending cap in USD: optional, never negative, never absurd (a typo must not become "unlimited"). */
const usdCap = z.coerce.number().min(0, 'must not be negative').max(100_000, 'must be at most 100000 USD').optional();

/**
 * Every setting, by the environment variable that sets it. Values from an optional JSON
 * config file use the same names. Secrets are marked so they are never printed.
 */
export const configSchema = z.object({
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_APPLICATION_ID: z.string().regex(/^\d{5,25}$/, 'must be a Discord snowflake (digits)').optional(),
  DISCORD_GUILD_ID: z.string().regex(/^\d{5,25}$/, 'must be a Discord snowflake (digits)').optional(),
  DISCORD_API_URL: url.default('https://discord.com/api'),
  /** Gateway shards this process runs: `auto`, or ids such as `0,1` (with DISCORD_SHARD_COUNT). */
  DISCORD_SHARDS: z.string().regex(/^(auto|\d{1,5}(\s*,\s*\d{1,5})*)$/, 'must be auto or a comma-separated list of shard ids such as 0,1').optional(),
  /** Total number of shards over every process. */
  DISCORD_SHARD_COUNT: int(1, 100_000).optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier').optional(),
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 60_000).default(2_000),
  GOOGLE_CLOUD_PROJECT: z.string().min(1).optional(),
  GOOGLE_CLOUD_LOCATION: z.string().min(1).default('us-central1'),
  VEO_MODEL: z.string().min(1).default('veo-3.1-generate-001'),
  VEO_MODELS: z.string().optional(),
  /** Operator-declared models: a JSON file path or inline JSON (see core's parseModelCatalog). */
  VEO_MODEL_CATALOG: z.string().min(1).optional(),
  /** JSON price overrides, e.g. {"veo-3.1-generate-001":{"withAudio":0.4,"withoutAudio":0.2}}; merged over core's DEFAULT_PRICES. */
  VEO_PRICES: z.string().optional(),
  /** Vertex's personGeneration for every request and the most a server may allow; unset: not sent (Google's default, adults only). */
  VEO_PERSON_GENERATION: z.enum(['dont_allow', 'allow_adult', 'allow_all']).optional(),
  VEO_BUDGET_GUILD_DAILY_USD: usdCap,
  VEO_BUDGET_GUILD_MONTHLY_USD: usdCap,
  VEO_BUDGET_USER_DAILY_USD: usdCap,
  GCS_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, 'must be a Cloud Storage bucket name').optional(),
  GCS_PREFIX: z.string().default(DEFAULT_GCS_PREFIX),
  /** How long one call to start or poll a Vertex operation may take before it is given up (its outcome then checked). */
  VERTEX_START_TIMEOUT_MS: int(1_000, 600_000).optional(),
  VERTEX_POLL_TIMEOUT_MS: int(1_000, 600_000).optional(),
  /** Lifetime of a V4 signed video link (with VEO_GCS_SIGNING_KEY_FILE); Cloud Storage allows 7 days at most. */
  VEO_SIGNED_URL_TTL_SECONDS: int(60, MAX_SIGNED_URL_TTL_SECONDS).optional(),
  VERTEX_BASE_URL: url.optional(),
  VERTEX_API_VERSION: z.string().optional(),
  GCS_API_ENDPOINT: url.optional(),
  GOOGLE_APPLICATION_CREDENTIALS: z.string().optional(),
  GOOGLE_OAUTH_ACCESS_TOKEN: z.string().min(10).optional(),
  VEO_LINK_TEMPLATE: z.string().includes('{object}', { message: 'must contain {object}' }).optional(),
  VEO_GCS_SIGNING_KEY_FILE: z.string().optional(),
  REQUEST_RETENTION_DAYS: int(1, 36_500).optional(),
  DISABLE_TASK_RESUME: bool.default(false),
  VEO_CONCURRENCY: int(1, 50).default(3),
  VEO_PER_USER_DAILY_LIMIT: int(0, 10_000).default(10),
  VERTEX_REQUESTS_PER_MINUTE: int(1, 10_000).default(10),
  VERTEX_POLLS_PER_MINUTE: int(1, 100_000).default(120),
  VEO_GENERATION_TIMEOUT_SECONDS: int(30, 3_600).default(300),
  VEO_POLL_INTERVAL_SECONDS: int(1, 300).default(10),
  LEASE_SECONDS: int(10, 3_600).default(60),
  /** Hard deadline of a graceful stop (SIGTERM/SIGINT): past it the process logs what it left and exits 1. */
  SHUTDOWN_TIMEOUT_SECONDS: int(1, 3_600).default(30),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  HTTP_PORT: int(0, 65_535).default(9464),
  HTTP_HOST: z.string().default('0.0.0.0'),
  VEO_BOT_STATE_DIR: z.string().optional(),
  /** The local copy of the per-server settings: a file path, or `off` (see settingsSnapshotPath). */
  VEO_SETTINGS_SNAPSHOT: z.string().optional(),
});

/** The validated settings. */
export type Config = z.infer<typeof configSchema>;

/** Settings whose values must never be shown. */
export const SECRET_KEYS: readonly (keyof Config)[] = ['DISCORD_TOKEN', 'DATABASE_URL', 'GOOGLE_OAUTH_ACCESS_TOKEN'];
