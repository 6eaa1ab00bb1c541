import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { GUILD_SETTINGS_LIMITS, MAX_PATTERN_LENGTH, PERSON_GENERATION_LABELS, PERSON_GENERATION_VALUES, RESOLUTIONS, isPersonGeneration, type GuildSettings, type GuildSettingsChange, type ModelPolicy, type Resolution } from '@veo-bot/core';

/** Name of the settings slash command. */
export const SETTINGS_COMMAND_NAME = 'veo-settings';

const LIST_ACTIONS = [
  { name: 'add', value: 'add' },
  { name: 'remove', value: 'remove' },
  { name: 'clear (no restriction)', value: 'clear' },
] as const;

/**
 * `/veo-settings show | channels | nsfw-only | limit | models | resolutions | durations |
 * people | block-word | block-pattern`, in servers only, with Manage Server as the default member
 * permission (the handler checks it again: a server can open the command up).
 */
export function buildSettingsCommand(policy: ModelPolicy): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const durations = [...new Set(policy.models.flatMap((m) => m.durations))].sort((a, b) => a - b);
  return new SlashCommandBuilder()
    .setName(SETTINGS_COMMAND_NAME)
    .setDescription('Where and how /veo may be used on this server (Manage Server)')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) => s.setName('show').setDescription('The settings and their latest changes'))
    .addSubcommand((s) =>
      s.setName('channels').setDescription('Channels where /veo may be used (none listed: everywhere)')
        .addStringOption((o) => o.setName('action').setDescription('What to do').setRequired(true).addChoices(...LIST_ACTIONS))
        .addChannelOption((o) => o.setName('channel').setDescription('The channel').addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildVoice, ChannelType.PublicThread, ChannelType.PrivateThread)),
    )
    .addSubcommand((s) => s.setName('nsfw-only').setDescription('Allow /veo only in age-restricted channels').addBooleanOption((o) => o.setName('enabled').setDescription('On or off').setRequired(true)))
    .addSubcommand((s) =>
      s.setName('limit').setDescription("Videos per member per 24 hours on this server, and a role that is exempt")
        .addIntegerOption((o) => o.setName('per_member').setDescription('0 = members cannot make videos').setMinValue(0).setMaxValue(GUILD_SETTINGS_LIMITS.perUserDailyLimit))
        .addBooleanOption((o) => o.setName('use_bot_default').setDescription("Back to the bot's own limit"))
        .addRoleOption((o) => o.setName('exempt_role').setDescription('Members with this role have no limit'))
        .addBooleanOption((o) => o.setName('clear_exempt_role').setDescription('No role is exempt')),
    )
    .addSubcommand((s) =>
      s.setName('models').setDescription('Models allowed here (none listed: all the bot offers)')
        .addStringOption((o) => o.setName('action').setDescription('What to do').setRequired(true).addChoices(...LIST_ACTIONS))
        .addStringOption((o) => o.setName('model').setDescription('The model').addChoices(...policy.models.slice(0, 25).map((m) => ({ name: m.label, value: m.id })))),
    )
    .addSubcommand((s) =>
      s.setName('resolutions').setDescription('Resolutions allowed here')
        .addStringOption((o) => o.setName('allow').setDescription('Which').setRequired(true).addChoices({ name: 'all', value: 'all' }, ...RESOLUTIONS.map((r) => ({ name: `${r} only`, value: r })))),
    )
    .addSubcommand((s) =>
      s.setName('durations').setDescription('Durations allowed here')
        .addStringOption((o) => o.setName('allow').setDescription(`Seconds, comma-separated (${durations.join(', ')}), or "all"`).setRequired(true).setMaxLength(40)),
    )
    .addSubcommand((s) =>
      s.setName('people').setDescription("Whether Veo may show people (Google's personGeneration), within the bot's setting")
        .addStringOption((o) => o.setName('allow').setDescription('Who may appear').setRequired(true)
          .addChoices({ name: "the bot's setting", value: 'default' }, ...PERSON_GENERATION_VALUES.map((p) => ({ name: PERSON_GENERATION_LABELS[p], value: p })))),
    )
    .addSubcommand((s) =>
      s.setName('block-word').setDescription('Words or phrases refused in prompts (whole words, any case, any accents)')
        .addStringOption((o) => o.setName('action').setDescription('What to do').setRequired(true).addChoices(...LIST_ACTIONS))
        .addStringOption((o) => o.setName('word').setDescription('The word or phrase').setMaxLength(GUILD_SETTINGS_LIMITS.wordLength)),
    )
    .addSubcommand((s) =>
      s.setName('block-pattern').setDescription('Regular expressions refused in prompts (bounded, checked when set)')
        .addStringOption((o) => o.setName('action').setDescription('What to do').setRequired(true).addChoices(...LIST_ACTIONS))
        .addStringOption((o) => o.setName('pattern').setDescription('e.g. vote\\s+for').setMaxLength(MAX_PATTERN_LENGTH)),
    )
    .toJSON();
}

/** A subcommand and its option values, as Discord sent them (untrusted: a forged interaction can send anything). */
export interface SettingsRequest {
  readonly subcommand: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** Reads `/veo-settings`'s subcommand and options. */
export function readSettingsRequest(interaction: ChatInputCommandInteraction): SettingsRequest {
  const values: Record<string, unknown> = {};
  for (const option of interaction.options.data[0]?.options ?? []) values[option.name] = option.value;
  return { subcommand: interaction.options.getSubcommand(false) ?? 'show', values };
}

type Edit = (current: GuildSettings) => GuildSettingsChange;
type Parsed = { readonly ok: true; readonly edit: Edit } | { readonly ok: false; readonly message: string };

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** add / remove / clear of one list setting, from the list as it stands when the change is made. */
function listEdit(key: 'allowedChannels' | 'allowedModels' | 'blockedWords' | 'blockedPatterns', action: unknown, item: string | null, what: string): Parsed {
  if (action === 'clear') return { ok: true, edit: () => ({ [key]: [] }) };
  if (action !== 'add' && action !== 'remove') return { ok: false, message: 'Choose add, remove or clear.' };
  if (item === null) return { ok: false, message: `Give the ${what} to ${action}.` };
  const same = (a: string) => (key === 'blockedWords' ? a.toLowerCase() === item.toLowerCase() : a === item);
  return {
    ok: true,
    edit: (current) => {
      const list = current[key];
      return { [key]: action === 'add' ? (list.some(same) ? [...list] : [...list, item]) : list.filter((x) => !same(x)) };
    },
  };
}

/**
 * The change a `/veo-settings` subcommand asks for (computed from the settings as they stand when
 * it is applied, so concurrent changes never undo each other), or why it asks for none. Values
 * are checked by core (one rule, one wording); only the shape of the options is checked here.
 */
export function settingsEdit(request: SettingsRequest): Parsed {
  const v = request.values;
  switch (request.subcommand) {
    case 'channels':
      return listEdit('allowedChannels', v.action, text(v.channel), 'channel');
    case 'models':
      return listEdit('allowedModels', v.action, text(v.model), 'model');
    case 'block-word':
      return listEdit('blockedWords', v.action, text(v.word), 'word');
    case 'block-pattern':
      return listEdit('blockedPatterns', v.action, typeof v.pattern === 'string' && v.pattern !== '' ? v.pattern : null, 'pattern');
    case 'nsfw-only':
      return typeof v.enabled === 'boolean' ? { ok: true, edit: () => ({ nsfwOnly: v.enabled as boolean }) } : { ok: false, message: 'Say whether it is on or off.' };
    case 'resolutions': {
      if (v.allow === 'all') return { ok: true, edit: () => ({ allowedResolutions: [] }) };
      if (typeof v.allow !== 'string' || !RESOLUTIONS.includes(v.allow as Resolution)) return { ok: false, message: 'Choose all, 720p or 1080p.' };
      return { ok: true, edit: () => ({ allowedResolutions: [v.allow as Resolution] }) };
    }
    case 'people': {
      if (v.allow === 'default') return { ok: true, edit: () => ({ personGeneration: null }) };
      if (!isPersonGeneration(v.allow)) return { ok: false, message: `Choose the bot's setting or one of ${PERSON_GENERATION_VALUES.join(', ')}.` };
      const value = v.allow;
      return { ok: true, edit: () => ({ personGeneration: value }) };
    }
    case 'durations': {
      if (typeof v.allow !== 'string') return { ok: false, message: 'Give the allowed durations in seconds, like `4,8`, or `all`.' };
      if (v.allow.trim().toLowerCase() === 'all') return { ok: true, edit: () => ({ allowedDurations: [] }) };
      const seconds = v.allow.split(/[\s,]+/).filter(Boolean).map(Number);
      if (seconds.length === 0 || seconds.some((s) => !Number.isInteger(s))) return { ok: false, message: `\`${v.allow}\` is not a list of whole seconds, like \`4,8\`.` };
      return { ok: true, edit: () => ({ allowedDurations: [...new Set(seconds)].sort((a, b) => a - b) }) };
    }
    case 'limit': {
      const change: { -readonly [K in keyof GuildSettingsChange]: GuildSettingsChange[K] } = {};
      if (v.per_member !== undefined && v.use_bot_default === true) return { ok: false, message: '`per_member` and `use_bot_default` contradict each other; choose one.' };
      if (v.per_member !== undefined) {
        if (typeof v.per_member !== 'number') return { ok: false, message: '`per_member` must be a whole number.' };
        change.perUserDailyLimit = v.per_member;
      }
      if (v.use_bot_default === true) change.perUserDailyLimit = null;
      if (v.exempt_role !== undefined && v.clear_exempt_role === true) return { ok: false, message: '`exempt_role` and `clear_exempt_role` contradict each other; choose one.' };
      if (text(v.exempt_role)) change.exemptRoleId = text(v.exempt_role);
      if (v.clear_exempt_role === true) change.exemptRoleId = null;
      if (Object.keys(change).length === 0) return { ok: false, message: 'Nothing to change: give `per_member`, `use_bot_default`, `exempt_role` or `clear_exempt_role`.' };
      return { ok: true, edit: () => change };
    }
    default:
      return { ok: false, message: `Unknown setting \`${request.subcommand}\`.` };
  }
}
