import type { ModelPolicy, GenerationParams } from '../domain/generation-options.js';
import type { GuildSettings } from '../domain/guild-settings.js';
import { modelLabel } from '../domain/models.js';
import { type PersonGeneration, stricterPersonGeneration } from '../domain/person-generation.js';
import { blockedTerm } from '../domain/prompt-filter.js';
import type { Logger } from '../ports/logger.js';
import type { GuildSettingsCache } from './guild-settings-cache.js';

/** Where and by whom a video is asked for, as far as a server's rules care. */
export interface RulesInput {
  readonly guildId: string | null;
  readonly userId: string;
  readonly channelId: string;
  /** Whether the channel is age-restricted (unknown: treated as not). */
  readonly channelNsfw?: boolean;
  /** The member's role ids (unknown: none). */
  readonly memberRoleIds?: readonly string[];
  readonly params: GenerationParams;
}

/**
 * A server's rules allow the request (with its per-member limit and the `personGeneration` to
 * send: the stricter of the request's and the server's), or refuse it with a message for the user.
 */
export type RulesVerdict =
  | { readonly ok: true; readonly perUserDailyLimit: number | null; readonly exempt: boolean; readonly personGeneration: PersonGeneration | null }
  | { readonly ok: false; readonly reason: 'not-allowed'; readonly message: string };

/** Said when a server's settings cannot be read and were never known: nothing is assumed allowed. */
export const SETTINGS_UNKNOWN = "This server's `/veo` settings cannot be read right now, so nothing was started. Please try again in a minute.";
/** Said when a prompt holds a blocked term; the term itself is never repeated. */
export const PROMPT_BLOCKED = 'Your prompt contains a word or phrase this server does not allow, so nothing was sent to Google. Please rephrase it.';

const list = (items: readonly string[], max = 10) => (items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', '));

/**
 * A server's own rules (`/veo-settings`), checked before anything is reserved, stored or sent
 * to Google. Direct messages have none.
 */
export class GuildRules {
  constructor(private readonly deps: { readonly cache: GuildSettingsCache; readonly logger: Logger; readonly policy: ModelPolicy }) {}

  async check(input: RulesInput): Promise<RulesVerdict> {
    if (input.guildId === null) return { ok: true, perUserDailyLimit: null, exempt: false, personGeneration: input.params.personGeneration };
    const settings = await this.deps.cache.get(input.guildId);
    if (!settings) return { ok: false, reason: 'not-allowed', message: SETTINGS_UNKNOWN };
    const refusal = this.refusal(settings, input);
    if (refusal) return { ok: false, reason: 'not-allowed', message: refusal };
    const exempt = settings.exemptRoleId !== null && (input.memberRoleIds ?? []).includes(settings.exemptRoleId);
    if (settings.perUserDailyLimit === 0 && !exempt) {
      const who = settings.exemptRoleId ? `only members with <@&${settings.exemptRoleId}> can make videos` : 'members cannot make videos right now';
      return { ok: false, reason: 'not-allowed', message: `On this server ${who}.` };
    }
    // A server that chose nothing takes the operator's value (already on the params).
    const personGeneration = settings.personGeneration === null ? input.params.personGeneration : stricterPersonGeneration(input.params.personGeneration, settings.personGeneration);
    return { ok: true, perUserDailyLimit: settings.perUserDailyLimit, exempt, personGeneration };
  }

  private refusal(s: GuildSettings, input: RulesInput): string | null {
    const { params } = input;
    if (s.allowedChannels.length > 0 && !s.allowedChannels.includes(input.channelId)) {
      return `On this server \`/veo\` can be used only in ${list(s.allowedChannels.map((id) => `<#${id}>`))}.`;
    }
    if (s.nsfwOnly && input.channelNsfw !== true) return 'On this server `/veo` can be used only in age-restricted channels.';
    if (s.allowedModels.length > 0 && !s.allowedModels.includes(params.model)) {
      const label = (id: string) => modelLabel(id, this.deps.policy.models);
      return `This server does not allow ${label(params.model)}. Allowed here: ${list(s.allowedModels.map(label))}.`;
    }
    if (s.allowedResolutions.length > 0 && !s.allowedResolutions.includes(params.resolution)) {
      return `This server does not allow ${params.resolution} videos. Allowed here: ${list(s.allowedResolutions)}.`;
    }
    if (s.allowedDurations.length > 0 && !s.allowedDurations.includes(params.durationSeconds)) {
      return `This server does not allow ${params.durationSeconds}-second videos. Allowed here: ${list(s.allowedDurations.map((d) => `${d} s`))}.`;
    }
    const negative = params.negativePrompt ?? '';
    const term = blockedTerm(`${params.prompt}\n${negative}`, s);
    if (term !== null) {
      // The term goes to the logs (for the server's admins), never back into the channel.
      this.deps.logger.info('Prompt refused by a server rule', { guild_id: s.guildId, user_id: input.userId, rule: term.slice(0, 60) });
      return PROMPT_BLOCKED;
    }
    return null;
  }
}
