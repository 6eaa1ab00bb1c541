import { buildCommands, routeVeoInteraction } from '@veo-bot/adapter-discord';
import type { Logger, VeoCore } from '@veo-bot/core';
import { type Client, Events, type Interaction } from 'discord.js';
import { buildContainer, disposeContainer, type ContainerOverrides } from './container.js';
import { loadConfig } from './config/load-config.js';
import { createPinoLogger } from './observability/pino-logger.js';
import { wireVeo } from './runtime/veo-wiring.js';
import { SecretScrubber } from './observability/secrets.js';

/** Options of {@link createVeoBot}. */
export interface VeoBotOptions {
  /** Your bot's discord.js client; veo-bot uses its REST connection and listens to its interactions. */
  readonly client: Client;
  /** Settings by the same names as the environment variables (default: `process.env`). `DISCORD_TOKEN` is not needed. */
  readonly settings?: Readonly<Record<string, string | undefined>>;
  /** Your logger (default: pino at LOG_LEVEL). */
  readonly logger?: Logger;
  /** Listen to the client's interactions automatically (default true); else call `handle`. */
  readonly attach?: boolean;
  /** Google auth override (default: Application Default Credentials or GOOGLE_OAUTH_ACCESS_TOKEN). */
  readonly googleAuthOptions?: ContainerOverrides['googleAuthOptions'];
}

/** veo-bot inside another bot. */
export interface VeoBot {
  readonly core: VeoCore;
  /**
   * The command JSON (`/veo`, `/veo-history`, `/veo-stats`, `/veo-budget`, `/veo-settings`, `/veo-forget-me`, and the
   * message command "Make a Veo video"): register them together with your own. `/veo`'s model, resolution and duration are
   * autocomplete options, answered by `handle`.
   */
  readonly commands: ReturnType<typeof buildCommands>;
  /** Handles veo-bot's commands and buttons; resolves true when the interaction was veo-bot's. */
  handle(interaction: Interaction): Promise<boolean>;
  /**
   * Resolves when the startup resume finished (it runs in the background once the client is
   * ready), or when the start was refused for good (a database schema newer than this code:
   * logged, and veo-bot then handles no interaction). Never rejects.
   */
  readonly resumed: Promise<void>;
  /** Stops taking work; running renders stay resumable; closes the database. */
  stop(): Promise<void>;
}

/**
 * Adds `/veo` with durable requests and resume-after-restart to an existing discord.js bot.
 * Requests live in Postgres (`DATABASE_URL`, or an embedded database when unset).
 */
export async function createVeoBot(options: VeoBotOptions): Promise<VeoBot> {
  const config = loadConfig(options.settings ?? process.env);
  const logger = options.logger ?? createPinoLogger({ level: config.LOG_LEVEL, scrubber: SecretScrubber.fromConfig(config) });
  const container = buildContainer(config, logger, { discordRest: options.client.rest, ...(options.googleAuthOptions ? { googleAuthOptions: options.googleAuthOptions } : {}) });
  // Nothing here touches the database: a host bot awaiting this still logs in while it is down.
  const veo = await wireVeo(container, logger);
  const { core, policy } = veo;
  const deps = { handlers: veo.handlers, policy, logger, drafts: veo.drafts, guilds: veo.guilds };

  let refusedError: unknown = null;
  const handle = async (interaction: Interaction): Promise<boolean> => {
    if (refusedError) return false;
    try {
      return await routeVeoInteraction(interaction, deps);
    } catch (error) {
      logger.error('veo-bot interaction failed', { interaction_id: interaction.id, error_message: error instanceof Error ? error.message : String(error) });
      return true;
    }
  };
  const listener = (interaction: Interaction) => void handle(interaction);
  if (options.attach ?? true) options.client.on(Events.InteractionCreate, listener);

  veo.begin();
  const resumed = new Promise<void>((resolve) => {
    // Refused for good (a schema newer than this code): veo-bot stops listening rather than write into it.
    const refused = (error: unknown) => {
      refusedError = error;
      options.client.off(Events.InteractionCreate, listener);
      logger.error('veo-bot start refused; its commands are no longer handled', { error_message: error instanceof Error ? error.message : String(error) });
    };
    const run = () => void veo.startUp().then(() => undefined, refused).finally(resolve);
    if (options.client.isReady()) run();
    else options.client.once(Events.ClientReady, run);
  });

  return {
    core,
    commands: buildCommands(policy),
    handle,
    resumed,
    async stop() {
      options.client.off(Events.InteractionCreate, listener);
      await disposeContainer(container);
    },
  };
}
