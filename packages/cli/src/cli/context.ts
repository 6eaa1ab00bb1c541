import type { Logger } from '@veo-bot/core';
import type { Container } from 'inversify';
import { type ContainerOverrides, buildContainer, disposeContainer } from '../container.js';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { createPinoLogger, type PinoLogger } from '../observability/pino-logger.js';
import { SecretScrubber } from '../observability/secrets.js';

/** Global options every command accepts. */
export interface GlobalOptions {
  readonly config?: string;
}

/** What a command runs with: validated config, the logger, the container. */
export interface CommandContext {
  readonly config: Config;
  readonly logger: PinoLogger;
  readonly container: Container;
  dispose(): Promise<void>;
}

/** Loads config (exit 2 on problems, via ConfigError), builds logger and container. */
export function createContext(options: GlobalOptions, overrides: ContainerOverrides & { logLevel?: string; pretty?: boolean; logToStdout?: boolean; env?: NodeJS.ProcessEnv } = {}): CommandContext {
  const config = loadConfig(overrides.env ?? process.env, options.config);
  const scrubber = SecretScrubber.fromConfig(config);
  const logger = createPinoLogger({
    level: overrides.logLevel ?? config.LOG_LEVEL,
    scrubber,
    ...(overrides.pretty === undefined ? {} : { pretty: overrides.pretty }),
    // Admin commands keep stdout for their output (tables, --json); the bot logs to stdout.
    ...(overrides.logToStdout ? {} : { destination: process.stderr }),
  });
  const container = buildContainer(config, logger, overrides);
  return {
    config,
    logger,
    container,
    async dispose() {
      await disposeContainer(container);
      logger.flush();
    },
  };
}

/** Runs `body` in a context and always disposes it. */
export async function withContext<T>(options: GlobalOptions, body: (ctx: CommandContext) => Promise<T>, overrides?: Parameters<typeof createContext>[1]): Promise<T> {
  const ctx = createContext(options, overrides);
  try {
    return await body(ctx);
  } finally {
    await ctx.dispose();
  }
}

/** Logger type re-export for command modules. */
export type { Logger };
