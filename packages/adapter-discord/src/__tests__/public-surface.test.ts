import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ID, VEO_MODELS } from '@veo-bot/core';
import * as surface from '../index.js';

describe('the public surface of @veo-bot/adapter-discord', () => {
  it('exports what a host bot or an adapter author needs, and nothing else (values; types are erased)', () => {
    expect(Object.keys(surface).sort()).toEqual([
      'BUDGET_COMMAND_NAME', 'CACHED_MEMBERS_PER_GUILD', 'CACHED_USERS', 'DEFAULT_DISCORD_API', 'DEFAULT_UPLOAD_LIMIT_BYTES', 'DRAFT_TTL_MS',
      'DiscordBot', 'DiscordNotifier', 'FORGET_COMMAND_NAME', 'GuildDirectory', 'HISTORY_COMMAND_NAME', 'InMemoryDraftStore', 'MAX_CUSTOM_ID_LENGTH',
      'MAX_DRAFTS', 'MESSAGE_COMMAND_NAME', 'SETTINGS_COMMAND_NAME', 'STATS_COMMAND_NAME', 'VEO_COMMAND_NAME', 'VEO_CUSTOM_ID_PREFIX',
      'againCustomId', 'botCacheFactory', 'buildCommands', 'classifyDiscordError', 'createDiscordRest', 'registerCommands', 'retryCustomId',
      'routeVeoInteraction', 'uploadLimitForPremiumTier',
    ]);
  });

  it('every command buildCommands makes is named by an exported constant, so a host bot can tell veo-bot\'s commands from its own', () => {
    const names = new Set([surface.VEO_COMMAND_NAME, surface.MESSAGE_COMMAND_NAME, surface.HISTORY_COMMAND_NAME, surface.STATS_COMMAND_NAME, surface.BUDGET_COMMAND_NAME, surface.SETTINGS_COMMAND_NAME, surface.FORGET_COMMAND_NAME]);
    const built = surface.buildCommands({ models: VEO_MODELS, defaultModel: DEFAULT_MODEL_ID });
    expect(built).toHaveLength(names.size);
    expect(built.map((c) => c.name).filter((n) => !names.has(n))).toEqual([]);
  });
});
