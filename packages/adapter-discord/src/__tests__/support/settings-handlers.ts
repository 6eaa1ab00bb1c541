import { GuildRules, GuildSettingsAdmin, GuildSettingsCache, validateGenerationOptions, type ChangeSettingsInput, type GuildSettings, type ModelPolicy, type QueryResult, type SettingsView, type SubmitResult } from '@veo-bot/core';
import { FakeClock, InMemoryGuildSettingsStore, MemoryLogger } from '@veo-bot/core/testing';
import { StubHandlers, policy as allModels } from './bot-harness.js';

/**
 * The bot's handlers with core's settings use cases over one in-memory store (so `/veo-settings`
 * and `/veo`'s autocomplete are wired), and `/veo` checked by core's rules. `readSettings`
 * replaces the cache read of the autocomplete (to make it unknown, failing or slow).
 */
export class SettingsHandlers extends StubHandlers {
  readonly store = new InMemoryGuildSettingsStore();
  /** Guilds whose settings the autocomplete asked for, in order. */
  readonly settingsReads: string[] = [];
  readSettings: (guildId: string) => Promise<GuildSettings | null>;
  private readonly cache: GuildSettingsCache;
  private readonly admin: GuildSettingsAdmin;
  private readonly rules: GuildRules;

  constructor(private readonly policy: ModelPolicy = allModels) {
    super();
    const deps = { store: this.store, clock: new FakeClock(), logger: new MemoryLogger(), policy };
    this.cache = new GuildSettingsCache(deps);
    this.admin = new GuildSettingsAdmin({ ...deps, cache: this.cache });
    this.rules = new GuildRules({ ...deps, cache: this.cache });
    this.readSettings = (guildId) => this.cache.get(guildId);
    this.submitResult = async (input): Promise<SubmitResult> => {
      const params = validateGenerationOptions(input.options, this.policy);
      if (!params.ok) throw new Error('invalid options in the test');
      const verdict = await this.rules.check({ ...input, params: params.value });
      if (!verdict.ok) return verdict;
      throw new Error('allowed: not expected in this test');
    };
  }

  settings(guildId: string): Promise<QueryResult<SettingsView>> {
    return this.admin.show(guildId);
  }

  changeSettings(input: ChangeSettingsInput): Promise<QueryResult<SettingsView>> {
    return this.admin.change(input);
  }

  guildSettings(guildId: string): Promise<GuildSettings | null> {
    this.settingsReads.push(guildId);
    return this.readSettings(guildId);
  }
}
