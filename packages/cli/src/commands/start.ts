import { DiscordBot, registerCommands, createDiscordRest } from '@veo-bot/adapter-discord';
import { describeError, type Logger, type ModelPolicy, type VeoCore } from '@veo-bot/core';
import type pg from 'pg';
import { TOKENS } from '../container.js';
import { type CommandContext, type GlobalOptions, createContext } from '../cli/context.js';
import { requireSettings } from '../config/load-config.js';
import { shardSettings } from '../config/shard-config.js';
import { HealthServer } from '../observability/http-server.js';
import { watchDatabase } from '../observability/database-gauge.js';
import { wireVeo } from '../runtime/veo-wiring.js';
import { stopWithDeadline } from '../runtime/stop-deadline.js';
import type { VeoMetrics } from '../observability/metrics.js';

export interface RunningBot {
  readonly core: VeoCore;
  readonly bot: DiscordBot;
  readonly httpPort: number;
  /** Resolves when the startup resume finished (it runs in the background). */
  readonly resumed: Promise<void>;
  /** Rejects when the start is refused for good after login (a database schema newer than this code); never resolves otherwise. */
  readonly fatal: Promise<never>;
  /** Stops taking work, lets running polls persist, releases leases, closes everything. */
  stop(): Promise<void>;
}

async function databaseUp(pool: pg.Pool): Promise<boolean> {
  try {
    await pool.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the bot: log in, then (in the background, retried while the database is down) migrate
 * and resume; serve /healthz and /metrics. Nothing before the login needs the database.
 */
export async function startBot(ctx: CommandContext): Promise<RunningBot> {
  const { config, logger, container } = ctx;
  requireSettings(config, ['DISCORD_TOKEN'], 'log in to Discord');
  const veo = await wireVeo(container, logger);
  const { core } = veo;
  const pool = await container.getAsync<pg.Pool>(TOKENS.Pool);
  const metrics = container.get<VeoMetrics>(TOKENS.Metrics);
  let resolveResumed!: () => void;
  const resumed = new Promise<void>((r) => (resolveResumed = r));
  let refuse!: (error: unknown) => void;
  const fatal = new Promise<never>((_, reject) => (refuse = reject));
  fatal.catch(() => undefined);
  const bot = new DiscordBot({
    ...shardSettings(config),
    token: config.DISCORD_TOKEN as string,
    apiBaseUrl: config.DISCORD_API_URL,
    guildId: config.DISCORD_GUILD_ID ?? null,
    policy: veo.policy,
    logger,
    guilds: veo.guilds,
    handlers: veo.handlers,
    drafts: veo.drafts,
    onReady: async () => {
      try {
        const summary = await veo.startUp();
        if (summary) metrics.recordResume(summary);
      } catch (error) {
        refuse(error);
      } finally {
        resolveResumed();
      }
    },
  });
  const health = new HealthServer({
    registry: metrics.registry,
    health: async () => {
      const database = (await databaseUp(pool)) ? 'up' : 'down';
      const gateway = bot.client.isReady() ? 'ready' : 'connecting';
      const { queued, running } = core.scheduler.stats();
      const { count, shards } = bot.shardStates();
      return {
        ok: database === 'up' && gateway === 'ready', database, gateway, queue: { queued, running },
        shards: { count, ids: shards.map((s) => s.id), states: shards.map((s) => ({ id: s.id, status: s.status, ping_ms: s.pingMs })) },
      };
    },
  });
  watchDatabase(metrics.registry, () => databaseUp(pool));
  metrics.watchShards(() => bot.shardStates());
  const httpPort = await health.listen(config.HTTP_PORT, config.HTTP_HOST);
  veo.begin();
  try {
    await bot.start();
  } catch (error) {
    // e.g. a refused token: nothing may keep the process alive (the caller disposes the rest).
    await bot.stop().catch(() => undefined);
    await health.close();
    throw error;
  }
  const { count, shards } = bot.shardStates();
  logger.info('veo-bot started', { http_port: httpPort, worker_id: container.get<string>(TOKENS.WorkerId), shard_ids: shards.map((s) => s.id), shard_count: count });
  return {
    core,
    bot,
    httpPort,
    resumed,
    fatal,
    async stop() {
      logger.info('Shutting down: no new work; running requests stay resumable');
      await bot.stop().catch(() => undefined);
      await health.close();
      await ctx.dispose();
    },
  };
}

/** `veo-bot start`: runs until SIGINT/SIGTERM, then shuts down in order. */
export async function startCommand(global: GlobalOptions): Promise<void> {
  const ctx = createContext(global, { logToStdout: true });
  installCrashGuards(ctx.logger);
  const running = await startBot(ctx).catch(async (error: unknown) => {
    await ctx.dispose().catch(() => undefined);
    throw error;
  });
  let refused: unknown = null;
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    const onSignal = (signal: NodeJS.Signals) => {
      ctx.logger.info('Signal received', { signal });
      done();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // e.g. a schema newer than this code: stop in order, then exit with the refusal (exit 2).
    running.fatal.catch((error: unknown) => {
      refused = error;
      ctx.logger.error('Start refused; shutting down', describeError(error));
      done();
    });
  });
  // A stop that hangs (e.g. a database that stopped answering) must not wait for SIGKILL.
  const atSignal = running.core.scheduler.stats();
  await stopWithDeadline({
    stop: () => running.stop(),
    seconds: ctx.config.SHUTDOWN_TIMEOUT_SECONDS,
    logger: ctx.logger,
    left: () => {
      const { queued, running: inProgress } = running.core.scheduler.stats();
      return { queued, running: inProgress, at_signal: { queued: atSignal.queued, running: atSignal.running }, left_as: 'resumable by the next instance' };
    },
    exit: (code) => {
      ctx.logger.flush();
      process.stderr.write(`veo-bot: shutdown took longer than SHUTDOWN_TIMEOUT_SECONDS=${ctx.config.SHUTDOWN_TIMEOUT_SECONDS}; exiting with work left (see the log)\n`);
      process.exit(code);
    },
  });
  if (refused) throw refused;
}

/** A stray rejection in a library must be logged, never crash the bot. */
export function installCrashGuards(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error('Unhandled promise rejection', { error_message: String(reason instanceof Error ? reason.stack : reason) }));
}

/** `veo-bot register-commands [--guild]`: registers /veo without starting the bot. */
export async function registerCommandsCommand(global: GlobalOptions, opts: { guild?: string }, out: (s: string) => void): Promise<void> {
  const ctx = createContext(global);
  try {
    const { config } = ctx;
    requireSettings(config, ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'], 'register slash commands');
    const rest = createDiscordRest({ token: config.DISCORD_TOKEN as string, apiBaseUrl: config.DISCORD_API_URL });
    const guildId = opts.guild ?? config.DISCORD_GUILD_ID ?? null;
    const result = await registerCommands({ applicationId: config.DISCORD_APPLICATION_ID as string, policy: ctx.container.get<ModelPolicy>(TOKENS.Policy), guildId, rest });
    out(`Registered ${result.count} command(s) ${result.scope === 'guild' ? `in guild ${guildId}` : 'globally (may take up to an hour to appear)'}.`);
  } finally {
    await ctx.dispose();
  }
}
