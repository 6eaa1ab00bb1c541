import { Client, Events, GatewayIntentBits, Status, type Interaction } from 'discord.js';
import { describeError, type ImageLimits, type Logger, type ModelPolicy } from '@veo-bot/core';
import { botCacheFactory } from './client-cache.js';
import { InMemoryDraftStore, type DraftStore } from './draft-store.js';
import type { GuildDirectory } from './guild-directory.js';
import { routeVeoInteraction } from './interaction-router.js';
import { COMMAND_NOT_AVAILABLE, GENERIC_ERROR, STALE_COMPONENT, replyEphemeral } from './interaction-replies.js';
import { registerCommands, type RegisterCommandsResult } from './register-commands.js';
import { DEFAULT_DISCORD_API } from './rest-client.js';
import type { VeoHandlers } from './veo-handlers.js';

/** Options of {@link DiscordBot}. */
export interface DiscordBotOptions {
  /** Bot token. Never logged. */
  readonly token: string;
  readonly handlers: VeoHandlers;
  /** Models offered by `/veo` and the default one. */
  readonly policy: ModelPolicy;
  readonly logger: Logger;
  /** Called once when the client is ready, not awaited (the composition root starts resume here). */
  readonly onReady?: () => unknown;
  /** Discord API base URL without `/v10` (default https://discord.com/api). */
  readonly apiBaseUrl?: string;
  /** Register the commands in this guild only; otherwise globally. */
  readonly guildId?: string | null;
  /** Register the commands on ready (default true). */
  readonly registerCommands?: boolean;
  /** Shards this process runs (`auto`: as many as Discord recommends, all here) and the total (default: discord.js decides). */
  readonly shards?: number | readonly number[] | 'auto';
  readonly shardCount?: number;
  /** Guild facts cache shared with the notifier: interactions report each guild's exact upload limit. */
  readonly guilds?: GuildDirectory;
  /** Limits of a `/veo` image (default: core's `DEFAULT_IMAGE_LIMITS`); core checks them again. */
  readonly imageLimits?: ImageLimits;
  /** Where a `/veo` without a prompt waits for its prompt modal (default: an {@link InMemoryDraftStore} of this bot). */
  readonly drafts?: DraftStore;
}

/** One gateway shard of this process. */
export interface ShardState {
  readonly id: number;
  /** discord.js's status in words: ready, connecting, reconnecting, idle, nearly, disconnected, waitingforguilds, identifying, resuming. */
  readonly status: string;
  /** Last heartbeat round trip, when one was measured. */
  readonly pingMs: number | null;
}

const statusName = (status: Status): string => (Status[status] ?? String(status)).toLowerCase();

/**
 * The gateway runtime: logs in, registers `/veo` and "Make a Veo video" (plus `/veo-history`, `/veo-stats`,
 * `/veo-budget`, `/veo-settings` and `/veo-forget-me` when their handlers are given; with
 * `/veo-settings`, `/veo`'s model, resolution and duration are autocomplete options), routes slash
 * commands, `/veo`'s autocomplete and button clicks to the handlers, and calls `onReady` once without waiting for it. Holds no state beyond
 * per-guild caches, so any number of shards or processes can run side by side.
 */
export class DiscordBot {
  /** The discord.js client (for the composition root: shard ids, guild count). */
  readonly client: Client;
  private readyCalled = false;
  private readonly drafts: DraftStore;

  constructor(private readonly options: DiscordBotOptions) {
    this.drafts = options.drafts ?? new InMemoryDraftStore();
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      makeCache: botCacheFactory(),
      rest: { api: options.apiBaseUrl ?? DEFAULT_DISCORD_API },
      ...(options.shards === undefined ? {} : { shards: typeof options.shards === 'number' || options.shards === 'auto' ? options.shards : [...options.shards] }),
      ...(options.shardCount === undefined ? {} : { shardCount: options.shardCount }),
    });
    this.client.once(Events.ClientReady, (client) => this.onClientReady(client));
    this.client.on(Events.InteractionCreate, (interaction) => void this.route(interaction));
    this.client.on(Events.Error, (error) => this.options.logger.error('Discord client error', describeError(error)));
    this.client.on(Events.ShardError, (error, shardId) => this.options.logger.error('Discord shard error', { shard_id: shardId, ...describeError(error) }));
  }

  /**
   * This process's gateway shards and the state of each (`ready`, `connecting`, `reconnecting`,
   * `resuming`, `disconnected`, …), for /healthz and /metrics. Before login, the configured ids
   * (if known) as `idle`.
   */
  shardStates(): { readonly count: number | null; readonly shards: readonly ShardState[] } {
    const live = [...this.client.ws.shards.values()].map((s) => ({ id: s.id, status: statusName(s.status), pingMs: s.ping >= 0 ? s.ping : null }));
    const configured = this.client.options.shards;
    const ids = Array.isArray(configured) ? configured : [];
    const shards = live.length > 0 ? live.sort((a, b) => a.id - b.id) : ids.map((id) => ({ id, status: 'idle', pingMs: null }));
    const count = typeof this.client.options.shardCount === 'number' && (live.length > 0 || configured !== 'auto') ? this.client.options.shardCount : null;
    return { count, shards };
  }

  /** Logs in and resolves once the client is ready. */
  async start(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    await this.client.login(this.options.token);
    await ready;
  }

  /** Disconnects from Discord. */
  async stop(): Promise<void> {
    await this.client.destroy();
  }

  /** Registers this bot's commands in one bulk PUT (guild-scoped when configured); only those it has handlers for. */
  async registerCommands(): Promise<RegisterCommandsResult> {
    const applicationId = this.client.application?.id;
    if (!applicationId) throw new Error('The client is not ready: no application id yet');
    const { handlers, policy, guildId } = this.options;
    return registerCommands({ applicationId, policy, guildId: guildId ?? null, rest: this.client.rest, history: handlers.history !== undefined, stats: handlers.guildStats !== undefined, budget: handlers.budget !== undefined, settings: handlers.settings !== undefined, forget: handlers.forget !== undefined && handlers.forgetPreview !== undefined });
  }

  private onClientReady(client: Client<true>): void {
    const { logger } = this.options;
    logger.info('Discord client ready', { user_id: client.user.id, guild_count: client.guilds.cache.size, shard_ids: client.shard?.ids ?? client.ws.shards.map((s) => s.id) });
    if (!this.readyCalled && this.options.onReady) {
      this.readyCalled = true;
      // Not awaited: becoming ready must never wait for resume (RES-2).
      void Promise.resolve()
        .then(() => this.options.onReady?.())
        .catch((error: unknown) => logger.error('Ready callback failed', describeError(error)));
    }
    if (this.options.registerCommands ?? true) {
      this.registerCommands()
        .then((r) => logger.info('Slash commands registered', { scope: r.scope, count: r.count }))
        .catch((error: unknown) => logger.error('Failed to register slash commands', describeError(error)));
    }
  }

  private async route(interaction: Interaction): Promise<void> {
    const { handlers, policy, logger, imageLimits, guilds } = this.options;
    const deps = { handlers, policy, logger, drafts: this.drafts, ...(imageLimits ? { imageLimits } : {}), ...(guilds ? { guilds } : {}) };
    try {
      const handled = await routeVeoInteraction(interaction, deps);
      // Registered elsewhere (a CLI, an older deployment) but not wired here, or a component this
      // bot never made: say so rather than let Discord show "This interaction failed".
      // Slash and context-menu commands alike (isCommand: every APPLICATION_COMMAND interaction).
      if (!handled && interaction.isCommand()) await replyEphemeral(interaction, COMMAND_NOT_AVAILABLE);
      else if (!handled && (interaction.isMessageComponent() || interaction.isModalSubmit())) await replyEphemeral(interaction, STALE_COMPONENT);
    } catch (error) {
      this.options.logger.error('Interaction handler failed', { interaction_id: interaction.id, guild_id: interaction.guildId, user_id: interaction.user.id, ...describeError(error) });
      if (interaction.isRepliable()) await replyEphemeral(interaction, GENERIC_ERROR).catch(() => undefined);
    }
  }
}
