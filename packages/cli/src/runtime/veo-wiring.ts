import { InMemoryDraftStore, type DraftStore, type GuildDirectory, type VeoHandlers } from '@veo-bot/adapter-discord';
import type { MigrateResult } from '@veo-bot/adapter-postgres';
import { describeError, type Clock, type ForgetUser, type GuildSettingsAdmin, type GuildSettingsCache, type Logger, type ModelPolicy, type ResumeSummary, type VeoCore, type VideoStore } from '@veo-bot/core';
import { TOKENS, type buildContainer } from '../container.js';
import { DatabaseReadiness } from './database-readiness.js';

/**
 * The running veo-bot as both entry points need it — `veo-bot start` (its own gateway client)
 * and `createVeoBot` (a host bot's client): the core, the Discord handlers on its use cases,
 * the policy, the guild directory the notifier shares, one draft store, and the start-up.
 */
export interface VeoWiring {
  readonly core: VeoCore;
  readonly policy: ModelPolicy;
  readonly guilds: GuildDirectory;
  readonly handlers: VeoHandlers;
  readonly drafts: DraftStore;
  readonly clock: Clock;
  /** Starts the first schema preparation and core's background loops (nothing here waits for the database). */
  begin(): void;
  /** Prepare (migrate), announce, resume; retried while the database is down; rejects when refused for good. */
  startUp(): Promise<ResumeSummary | null>;
}

/**
 * Builds {@link VeoWiring} from the container — the one place both entry points read it, once,
 * at the top. Constructing the core touches no table, so neither waits for the database here.
 */
export async function wireVeo(container: ReturnType<typeof buildContainer>, logger: Logger): Promise<VeoWiring> {
  const core = await container.getAsync<VeoCore>(TOKENS.Core);
  const database = new DatabaseReadiness(await container.getAsync<() => Promise<MigrateResult>>(TOKENS.PrepareDatabase));
  const clock = container.get<Clock>(TOKENS.Clock);
  return {
    core,
    policy: container.get<ModelPolicy>(TOKENS.Policy),
    guilds: container.get<GuildDirectory>(TOKENS.Guilds),
    handlers: veoHandlers(core, container.get<VideoStore>(TOKENS.Store), () => database.settled()),
    // One for the bot's lifetime: a `/veo` without a prompt waits in it for its modal.
    drafts: new InMemoryDraftStore(),
    clock,
    begin() {
      database.begin();
      core.startBackground({ clock, logger });
    },
    startUp: () => core.startUp(database.prepare),
  };
}

/**
 * The Discord handlers on top of the core's use cases (one query path, two presentations).
 * `ready`: awaited before each database use (see DatabaseReadiness).
 */
export function veoHandlers(core: VeoCore, store: VideoStore, ready: () => Promise<void> = async () => undefined): VeoHandlers {
  return {
    submit: async (input) => (await ready(), core.submit.execute(input)),
    retry: async (input) => (await ready(), core.retry.execute(input)),
    again: async (input) => (await ready(), core.again.execute(input)),
    cancel: async (input) => (await ready(), core.cancel.execute(input)),
    extendCheck: async (input) => (await ready(), core.extend.check(input)),
    extend: async (input) => (await ready(), core.extend.execute(input)),
    history: async (input) => (await ready(), core.history.execute(input)),
    guildStats: async (input) => (await ready(), core.guildStats.execute(input)),
    budget: async (input) => (await ready(), core.budget.execute(input)),
    setBudget: async (input) => (await ready(), core.setGuildBudget.execute(input)),
    ...(core.guildSettingsAdmin ? settingsHandlers(core.guildSettingsAdmin, core.guildSettingsCache, ready) : {}),
    linkFor: (uri) => store.link(uri),
    ...(core.forget ? forgetHandlers(core.forget, ready) : {}),
  };
}

/** `/veo-forget-me` on core's ForgetUser; a database that cannot answer is "unavailable", and nothing is erased. */
function forgetHandlers(forget: ForgetUser, ready: () => Promise<void>): Pick<VeoHandlers, 'forget' | 'forgetPreview'> {
  const unavailable = (error: unknown) => ({ ok: false as const, reason: 'unavailable' as const, message: describeError(error).error_message });
  return {
    forgetPreview: async (userId) => {
      await ready();
      return forget.execute({ userId, dryRun: true }).then((r) => ({ ok: true as const, value: r.counts }), unavailable);
    },
    forget: async (userId) => {
      await ready();
      return forget.execute({ userId }).then((r) => ({ ok: true as const, value: { counts: r.counts, cancelled: r.cancelled, storageFailed: r.sweepError ? 1 : (r.purge?.failed ?? 0) } }), unavailable);
    },
  };
}

/** `/veo-settings` on core's GuildSettingsAdmin, and the settings `/veo`'s autocomplete narrows by (read through the cache the rules use). */
function settingsHandlers(admin: GuildSettingsAdmin, cache: GuildSettingsCache | null, ready: () => Promise<void>): Pick<VeoHandlers, 'settings' | 'changeSettings' | 'guildSettings'> {
  return {
    settings: async (guildId) => (await ready(), admin.show(guildId)),
    changeSettings: async (input) => (await ready(), admin.change(input)),
    ...(cache ? { guildSettings: async (guildId: string) => (await ready(), cache.get(guildId)) } : {}),
  };
}

/** A running bot process, as `start` (and tests, and the demo) hold it. */
