import type { ModelPolicy } from './generation-options.js';
import { RESOLUTIONS, type Resolution, findModel } from './models.js';
import { type PersonGeneration, isPersonGeneration, morePermissive, PERSON_GENERATION_VALUES } from './person-generation.js';
import { regexProblem } from './prompt-filter.js';

/**
 * What one server's owners decided about `/veo` there (`/veo-settings`, `veo-bot settings`).
 * Empty lists mean "no restriction"; every value is within what the operator offers.
 */
export interface GuildSettings {
  readonly guildId: string;
  /** Channels where `/veo` may be used; empty: everywhere. */
  readonly allowedChannels: readonly string[];
  /** Only in age-restricted (NSFW) channels. */
  readonly nsfwOnly: boolean;
  /** Videos per member per 24 hours here, instead of the bot's `VEO_PER_USER_DAILY_LIMIT`; null: the bot's. */
  readonly perUserDailyLimit: number | null;
  /** Members with this role are exempt from the per-member limit. */
  readonly exemptRoleId: string | null;
  /** Offered models this server allows; empty: all offered. */
  readonly allowedModels: readonly string[];
  /** Resolutions this server allows; empty: all. */
  readonly allowedResolutions: readonly Resolution[];
  /** Durations (seconds) this server allows; empty: all. */
  readonly allowedDurations: readonly number[];
  /** Words and phrases refused in prompts (whole words, any case, any accents). */
  readonly blockedWords: readonly string[];
  /** Regular expressions refused in prompts (bounded: see {@link regexProblem}). */
  readonly blockedPatterns: readonly string[];
  /** Vertex's `personGeneration` here, at most what the operator allows; null: the operator's. */
  readonly personGeneration: PersonGeneration | null;
  /** Last change: when and by whom (null: never changed). */
  readonly updatedAt: Date | null;
  readonly updatedBy: string | null;
}

/** A change of some settings; absent fields keep their value. */
export type GuildSettingsChange = Partial<Omit<GuildSettings, 'guildId' | 'updatedAt' | 'updatedBy'>>;

/** The settings of a server nobody configured: no restriction beyond the operator's. */
export function defaultGuildSettings(guildId: string): GuildSettings {
  return {
    guildId, allowedChannels: [], nsfwOnly: false, perUserDailyLimit: null, exemptRoleId: null,
    allowedModels: [], allowedResolutions: [], allowedDurations: [], blockedWords: [], blockedPatterns: [], personGeneration: null,
    updatedAt: null, updatedBy: null,
  };
}

/** Bounds that keep one server's settings from slowing every `/veo` down. */
export const GUILD_SETTINGS_LIMITS = {
  channels: 100,
  words: 500,
  wordLength: 60,
  patterns: 20,
  perUserDailyLimit: 1000,
} as const;

const SNOWFLAKE = /^\d{17,20}$/;

/**
 * What is wrong with `change` (an empty list: nothing): ids that are not Discord ids, channels
 * of another server (when `channelsOf` can tell), limits out of range, models or resolutions the
 * operator does not offer, too many or too long words, unsafe patterns.
 */
export function settingsProblems(change: GuildSettingsChange, policy: ModelPolicy, channelIsHere?: (channelId: string) => boolean): string[] {
  const problems: string[] = [];
  const L = GUILD_SETTINGS_LIMITS;
  if (change.allowedChannels) {
    if (change.allowedChannels.length > L.channels) problems.push(`At most ${L.channels} channels can be listed.`);
    for (const id of change.allowedChannels) {
      if (!SNOWFLAKE.test(id)) problems.push(`${id} is not a channel id.`);
      else if (channelIsHere && !channelIsHere(id)) problems.push(`<#${id}> is not a channel of this server.`);
    }
  }
  const limit = change.perUserDailyLimit;
  if (limit !== undefined && limit !== null && (!Number.isInteger(limit) || limit < 0 || limit > L.perUserDailyLimit)) {
    problems.push(`The per-member limit must be a whole number from 0 to ${L.perUserDailyLimit}.`);
  }
  if (change.exemptRoleId && !SNOWFLAKE.test(change.exemptRoleId)) problems.push(`${change.exemptRoleId} is not a role id.`);
  for (const id of change.allowedModels ?? []) if (!findModel(id, policy.models)) problems.push(`${id} is not a model this bot offers.`);
  for (const r of change.allowedResolutions ?? []) if (!RESOLUTIONS.includes(r)) problems.push(`${r} is not a resolution (720p or 1080p).`);
  const durations = new Set(policy.models.flatMap((m) => m.durations));
  for (const d of change.allowedDurations ?? []) if (!durations.has(d)) problems.push(`${d} s is not a duration any offered model makes.`);
  if (change.blockedWords) {
    if (change.blockedWords.length > L.words) problems.push(`At most ${L.words} blocked words.`);
    for (const w of change.blockedWords) if (w.trim().length === 0 || w.length > L.wordLength) problems.push(`Blocked words are 1 to ${L.wordLength} characters long.`);
  }
  if (change.blockedPatterns) {
    if (change.blockedPatterns.length > L.patterns) problems.push(`At most ${L.patterns} blocked patterns.`);
    for (const p of change.blockedPatterns) {
      const problem = regexProblem(p);
      if (problem) problems.push(`Pattern \`${p.slice(0, 40)}\`: ${problem}`);
    }
  }
  const person = change.personGeneration;
  if (person !== undefined && person !== null) {
    if (!isPersonGeneration(person)) problems.push(`People in videos must be one of ${PERSON_GENERATION_VALUES.join(', ')}.`);
    else if (morePermissive(person, policy.personGeneration ?? null)) problems.push(`This bot allows people in videos at most as "${policy.personGeneration ?? 'allow_adult'}"; a server cannot allow more.`);
  }
  return [...new Set(problems)];
}

/** `settings` with `change` applied, stamped with who and when. */
export function applySettingsChange(settings: GuildSettings, change: GuildSettingsChange, by: string, at: Date): GuildSettings {
  const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as GuildSettingsChange;
  return { ...settings, ...defined, updatedAt: at, updatedBy: by };
}
