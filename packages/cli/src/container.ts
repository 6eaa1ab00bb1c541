import 'reflect-metadata';
import { type MigrateResult, createPool, isConnectionError, migrate, PgBacklogReader, PgBudgetLedger, PgErasureStore, PgGuildSettingsStore, PgQuotaGate, PgRequestRepository, PgWorkerPresence } from '@veo-bot/adapter-postgres';
import { VERTEX_ENV, accessTokenAuth, createVertexAdapters, resolveVertexConfig } from '@veo-bot/adapter-vertex';
import { DiscordNotifier, GuildDirectory, createDiscordRest } from '@veo-bot/adapter-discord';
import {
  type BacklogReader, type BudgetLedger, type GuildSettingsSnapshot, type GuildSettingsStore, type Clock, type ErasureStore, type IdGenerator, type Logger, type ModelPolicy, type Notifier, type QuotaGate, type RequestRepository,
  type VeoCoreDeps, type VideoGenerator, type VideoStore, type WorkerPresence, InMemoryQuotaGate, VeoCore,
} from '@veo-bot/core';
import { Container, type ResolutionContext } from 'inversify';
import type { REST } from 'discord.js';
import type pg from 'pg';
import { requireSettings } from './config/load-config.js';
import { modelSettings } from './config/model-config.js';
import type { Config } from './config/schema.js';
import { settingsDatabaseLabel, settingsSnapshotPath } from './config/snapshot-config.js';
import { spendSettings } from './config/spend-config.js';
import { VeoMetrics } from './observability/metrics.js';
import { startEmbeddedDatabase, stateDirectory, type EmbeddedDatabase } from './runtime/embedded-database.js';
import { CryptoIdGenerator, newWorkerId } from './system/crypto-id-generator.js';
import { FileGuildSettingsSnapshot } from './system/file-guild-settings-snapshot.js';
import { SystemClock } from './system/system-clock.js';
import { UNAVAILABLE_GENERATOR, UNAVAILABLE_NOTIFIER, UNAVAILABLE_STORE } from './runtime/unavailable-ports.js';

/** Binding tokens: one per port and per shared resource. */
export const TOKENS = {
  Config: Symbol.for('veo.Config'),
  Logger: Symbol.for('veo.Logger'),
  Clock: Symbol.for('veo.Clock'),
  Ids: Symbol.for('veo.Ids'),
  WorkerId: Symbol.for('veo.WorkerId'),
  Policy: Symbol.for('veo.Policy'),
  EmbeddedDb: Symbol.for('veo.EmbeddedDb'),
  DatabaseUrl: Symbol.for('veo.DatabaseUrl'),
  Pool: Symbol.for('veo.Pool'),
  /** `() => Promise<MigrateResult>`: creates DATABASE_SCHEMA if missing and migrates (the only schema writes). */
  PrepareDatabase: Symbol.for('veo.PrepareDatabase'),
  Repository: Symbol.for('veo.Repository'),
  Ledger: Symbol.for('veo.Ledger'),
  /** Storage purges and `forget` (PgErasureStore). */
  Erasure: Symbol.for('veo.Erasure'),
  Presence: Symbol.for('veo.Presence'),
  /** The backlog resume reads a page at a time. */
  Backlog: Symbol.for('veo.Backlog'),
  GuildSettings: Symbol.for('veo.GuildSettings'),
  /** The local copy of the settings for a start while the database is down (null: VEO_SETTINGS_SNAPSHOT=off). */
  SettingsSnapshot: Symbol.for('veo.SettingsSnapshot'),
  Quota: Symbol.for('veo.Quota'),
  DiscordRest: Symbol.for('veo.DiscordRest'),
  /** One GuildDirectory: the bot fills it (exact upload limits from interactions), the notifier reads it. */
  Guilds: Symbol.for('veo.Guilds'),
  Notifier: Symbol.for('veo.Notifier'),
  Generator: Symbol.for('veo.Generator'),
  Store: Symbol.for('veo.Store'),
  Metrics: Symbol.for('veo.Metrics'),
  Core: Symbol.for('veo.Core'),
  /** A core without Google or Discord (they throw if used): plans and the disabled resume only. */
  PlanningCore: Symbol.for('veo.PlanningCore'),
} as const;

/** Models offered (see {@link modelSettings}): VEO_MODELS or every known model, VEO_MODEL the default. */
export function modelPolicy(config: Config): ModelPolicy {
  return modelSettings(config).policy;
}

/** Overrides for tests and the demo (e.g. fake Google auth); everything else comes from config. */
export interface ContainerOverrides {
  readonly clock?: Clock;
  /** A ready-made notifier; otherwise a DiscordNotifier on {@link discordRest} and the shared guild directory. */
  readonly notifier?: Notifier;
  /** Discord REST client (the library entry passes the host bot's); default: one from DISCORD_TOKEN. */
  readonly discordRest?: REST;
  readonly googleAuthOptions?: Parameters<typeof createVertexAdapters>[1] extends infer R ? (R extends { googleAuthOptions?: infer A } ? A : never) : never;
}

/**
 * The composition root: binds every port to its adapter (singletons), and tears them down in
 * order. The only file that knows inversify.
 */
export function buildContainer(config: Config, logger: Logger, overrides: ContainerOverrides = {}): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind<Config>(TOKENS.Config).toConstantValue(config);
  c.bind<Logger>(TOKENS.Logger).toConstantValue(logger);
  c.bind<Clock>(TOKENS.Clock).toConstantValue(overrides.clock ?? new SystemClock());
  c.bind<IdGenerator>(TOKENS.Ids).toConstantValue(new CryptoIdGenerator());
  c.bind<string>(TOKENS.WorkerId).toConstantValue(newWorkerId());
  c.bind<ModelPolicy>(TOKENS.Policy).toDynamicValue(() => modelPolicy(config));
  c.bind<VeoMetrics>(TOKENS.Metrics).toDynamicValue(() => new VeoMetrics());

  c.bind<EmbeddedDatabase | null>(TOKENS.EmbeddedDb)
    .toDynamicValue(async () => (config.DATABASE_URL ? null : startEmbeddedDatabase({ dataDir: stateDirectory(config.VEO_BOT_STATE_DIR), logger })))
    .onDeactivation(async (db) => db?.stop());
  c.bind<string>(TOKENS.DatabaseUrl).toDynamicValue(async (ctx) => config.DATABASE_URL ?? (await ctx.getAsync<EmbeddedDatabase>(TOKENS.EmbeddedDb)).url);
  c.bind<pg.Pool>(TOKENS.Pool)
    .toDynamicValue(async (ctx) => {
      const connectionString = await ctx.getAsync<string>(TOKENS.DatabaseUrl);
      const schema = config.DATABASE_SCHEMA;
      // Never queried here: the bot must come up while the database is down (issue 15).
      return createPool({ connectionString, connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS, logger, ...(schema ? { schema } : {}) });
    })
    .onDeactivation(async (pool) => pool.end());
  c.bind<() => Promise<MigrateResult>>(TOKENS.PrepareDatabase).toDynamicValue(async (ctx) => {
    const pool = await ctx.getAsync<pg.Pool>(TOKENS.Pool);
    return async () => {
      const schema = config.DATABASE_SCHEMA;
      // A role without CREATE on the database may still use an existing schema: only an outage stops here.
      if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((error: unknown) => { if (isConnectionError(error)) throw error; });
      return migrate(pool, { logger });
    };
  });
  c.bind<RequestRepository>(TOKENS.Repository).toDynamicValue(async (ctx) => {
    const repo = new PgRequestRepository({ pool: await ctx.getAsync<pg.Pool>(TOKENS.Pool), logger });
    return ctx.get<VeoMetrics>(TOKENS.Metrics).meterRepository(repo);
  });
  c.bind<WorkerPresence>(TOKENS.Presence).toDynamicValue(async (ctx) => new PgWorkerPresence({ pool: await ctx.getAsync<pg.Pool>(TOKENS.Pool), logger }));
  c.bind<BacklogReader>(TOKENS.Backlog).toDynamicValue(async (ctx) => new PgBacklogReader({ pool: await ctx.getAsync<pg.Pool>(TOKENS.Pool), logger }));
  c.bind<BudgetLedger>(TOKENS.Ledger).toDynamicValue(async (ctx) => new PgBudgetLedger({ pool: await ctx.getAsync<pg.Pool>(TOKENS.Pool), logger }));
  c.bind<GuildSettingsStore>(TOKENS.GuildSettings).toDynamicValue(async (ctx) => new PgGuildSettingsStore({ pool: await ctx.getAsync<pg.Pool>(TOKENS.Pool), logger }));
  c.bind<GuildSettingsSnapshot | null>(TOKENS.SettingsSnapshot).toDynamicValue(() => {
    const path = settingsSnapshotPath(config);
    return path ? new FileGuildSettingsSnapshot({ path, database: settingsDatabaseLabel(config), logger }) : null;
  });
  c.bind<ErasureStore>(TOKENS.Erasure).toDynamicValue(async (ctx) => new PgErasureStore({ pool: await ctx.getAsync<pg.Pool>(TOKENS.Pool), logger }));
  c.bind<QuotaGate>(TOKENS.Quota).toDynamicValue(async (ctx) => {
    const clock = ctx.get<Clock>(TOKENS.Clock);
    const limits = { start: config.VERTEX_REQUESTS_PER_MINUTE, poll: config.VERTEX_POLLS_PER_MINUTE };
    const fallback = new InMemoryQuotaGate({ clock, limits });
    return new PgQuotaGate({ pool: await ctx.getAsync<pg.Pool>(TOKENS.Pool), clock, limits, logger, fallback });
  });

  c.bind<REST>(TOKENS.DiscordRest).toDynamicValue(() => {
    if (overrides.discordRest) return overrides.discordRest;
    requireSettings(config, ['DISCORD_TOKEN'], 'post to Discord');
    return createDiscordRest({ token: config.DISCORD_TOKEN as string, apiBaseUrl: config.DISCORD_API_URL });
  });
  c.bind<GuildDirectory>(TOKENS.Guilds).toDynamicValue((ctx) => new GuildDirectory(ctx.get<REST>(TOKENS.DiscordRest)));
  c.bind<Notifier>(TOKENS.Notifier).toDynamicValue((ctx) => overrides.notifier ?? new DiscordNotifier({ logger, rest: ctx.get<REST>(TOKENS.DiscordRest), guilds: ctx.get<GuildDirectory>(TOKENS.Guilds), policy: ctx.get<ModelPolicy>(TOKENS.Policy) }));

  const vertex = () => {
    requireSettings(config, ['GOOGLE_CLOUD_PROJECT', 'GCS_BUCKET'], 'generate videos on Vertex AI');
    const vertexConfig = resolveVertexConfig({
      project: config.GOOGLE_CLOUD_PROJECT as string,
      location: config.GOOGLE_CLOUD_LOCATION,
      bucket: config.GCS_BUCKET as string,
      prefix: config.GCS_PREFIX,
      model: config.VEO_MODEL,
      models: modelPolicy(config).models,
      ...(config.VERTEX_BASE_URL ? { vertexBaseUrl: config.VERTEX_BASE_URL } : {}),
      ...(config.VERTEX_API_VERSION ? { vertexApiVersion: config.VERTEX_API_VERSION } : {}),
      ...(config.GCS_API_ENDPOINT ? { storageEndpoint: config.GCS_API_ENDPOINT } : {}),
      ...(config.VEO_LINK_TEMPLATE ? { linkTemplate: config.VEO_LINK_TEMPLATE } : {}),
      ...(config.VEO_GCS_SIGNING_KEY_FILE ? { signingKeyFile: config.VEO_GCS_SIGNING_KEY_FILE } : {}),
      ...(config.VERTEX_START_TIMEOUT_MS ? { startTimeoutMs: config.VERTEX_START_TIMEOUT_MS } : {}),
      ...(config.VERTEX_POLL_TIMEOUT_MS ? { pollTimeoutMs: config.VERTEX_POLL_TIMEOUT_MS } : {}),
      ...(config.VEO_SIGNED_URL_TTL_SECONDS ? { signedUrlTtlSeconds: config.VEO_SIGNED_URL_TTL_SECONDS } : {}),
    }, VERTEX_ENV);
    const auth = overrides.googleAuthOptions ?? (config.GOOGLE_OAUTH_ACCESS_TOKEN ? accessTokenAuth(config.GOOGLE_OAUTH_ACCESS_TOKEN) : undefined);
    return createVertexAdapters(vertexConfig, { logger, ...(auth ? { googleAuthOptions: auth } : {}) });
  };
  c.bind<ReturnType<typeof vertex>>(Symbol.for('veo.Vertex')).toDynamicValue(vertex);
  c.bind<VideoGenerator>(TOKENS.Generator).toDynamicValue((ctx) => ctx.get<VeoMetrics>(TOKENS.Metrics).meterGenerator(ctx.get<ReturnType<typeof vertex>>(Symbol.for('veo.Vertex')).generator));
  c.bind<VideoStore>(TOKENS.Store).toDynamicValue((ctx) => ctx.get<ReturnType<typeof vertex>>(Symbol.for('veo.Vertex')).store);

  // Constructing a core never touches the database: migrations run in core.startUp(prepare).
  const core = async (ctx: ResolutionContext, outside: Pick<VeoCoreDeps, 'generator' | 'store' | 'notifier'>): Promise<VeoCore> => {
    const policy = ctx.get<ModelPolicy>(TOKENS.Policy);
    const spend = spendSettings(config, policy); // a bad price table is exit 2, not a half-started bot
    const veo = new VeoCore({
      ...outside,
      repo: await ctx.getAsync<RequestRepository>(TOKENS.Repository),
      quota: await ctx.getAsync<QuotaGate>(TOKENS.Quota),
      clock: ctx.get<Clock>(TOKENS.Clock),
      ids: ctx.get<IdGenerator>(TOKENS.Ids),
      workerId: ctx.get<string>(TOKENS.WorkerId),
      policy,
      ledger: await ctx.getAsync<BudgetLedger>(TOKENS.Ledger),
      presence: await ctx.getAsync<WorkerPresence>(TOKENS.Presence),
      backlog: await ctx.getAsync<BacklogReader>(TOKENS.Backlog),
      guildSettings: await ctx.getAsync<GuildSettingsStore>(TOKENS.GuildSettings),
      guildSettingsSnapshot: ctx.get<GuildSettingsSnapshot | null>(TOKENS.SettingsSnapshot) ?? undefined,
      erasure: await ctx.getAsync<ErasureStore>(TOKENS.Erasure),
      logger,
      settings: {
        ...spend,
        perUserDailyLimit: config.VEO_PER_USER_DAILY_LIMIT,
        leaseMs: config.LEASE_SECONDS * 1000,
        resumeEnabled: !config.DISABLE_TASK_RESUME,
        retentionDays: config.REQUEST_RETENTION_DAYS ?? null,
        scheduler: { concurrency: config.VEO_CONCURRENCY },
        generation: { generationTimeoutMs: config.VEO_GENERATION_TIMEOUT_SECONDS * 1000, pollIntervalMs: config.VEO_POLL_INTERVAL_SECONDS * 1000, pollsPerMinute: config.VERTEX_POLLS_PER_MINUTE },
      },
    });
    ctx.get<VeoMetrics>(TOKENS.Metrics).watchScheduler(veo.scheduler);
    return veo;
  };
  c.bind<VeoCore>(TOKENS.Core)
    .toDynamicValue(async (ctx) => core(ctx, { generator: ctx.get<VideoGenerator>(TOKENS.Generator), store: ctx.get<VideoStore>(TOKENS.Store), notifier: ctx.get<Notifier>(TOKENS.Notifier) }))
    .onDeactivation(async (veo) => veo.shutdown());
  c.bind<VeoCore>(TOKENS.PlanningCore)
    .toDynamicValue(async (ctx) => core(ctx, { generator: UNAVAILABLE_GENERATOR, store: UNAVAILABLE_STORE, notifier: UNAVAILABLE_NOTIFIER }))
    .onDeactivation(async (veo) => veo.shutdown());
  return c;
}

/** Orderly teardown: stop work first, then the pool, then the embedded database. */
export async function disposeContainer(c: Container): Promise<void> {
  for (const token of [TOKENS.Core, TOKENS.PlanningCore, TOKENS.Quota, TOKENS.Erasure, TOKENS.Ledger, TOKENS.Repository, TOKENS.Pool, TOKENS.DatabaseUrl, TOKENS.EmbeddedDb]) {
    if (c.isBound(token)) await c.unbindAsync(token);
  }
  await c.unbindAllAsync();
}
