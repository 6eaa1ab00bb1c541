import { ALL_PERMISSIONS, channelJson, userJson, type FakeUser } from './fake-payloads.js';
import type { FakeAttachmentInit } from './fake-attachments.js';
import type { FakeChannel, FakeInteraction } from './fake-state.js';

/** A `/veo`-like slash command to inject. */
export interface SlashCommandInjection {
  readonly channelId: string;
  readonly userId: string;
  readonly commandName?: string;
  /** A subcommand (`show` of `/veo-budget show`); `options` are then its options. */
  readonly subcommand?: string;
  /** Option values by name: strings, integers, booleans, numbers (typed by the registered command when it says `NUMBER`). */
  readonly options?: Readonly<Record<string, string | number | boolean>>;
  /** Attachment options by name (`image`): the fake serves their bytes at the URL it reports. */
  readonly attachments?: Readonly<Record<string, FakeAttachmentInit>>;
  /** Sent as `attachment_size_limit` when given. */
  readonly attachmentSizeLimit?: number;
  /** The member's permissions in the channel (`member.permissions`, guilds only); default: all of them. */
  readonly memberPermissions?: bigint | string;
  /** The member's role ids (`member.roles`, guilds only); default: none. */
  readonly memberRoles?: readonly string[];
}

/**
 * A user typing in an autocomplete option of a registered command: Discord sends what is typed
 * so far in the focused option (always as a string, whatever the option's type: users type
 * text) with the options already filled in.
 */
export interface AutocompleteInjection {
  readonly channelId: string;
  readonly userId: string;
  readonly commandName?: string;
  readonly subcommand?: string;
  /** The option being typed in (registered with `autocomplete: true`) and what is typed so far. */
  readonly focused: { readonly name: string; readonly value: string };
  /** Options already filled in, by name (typed as in {@link SlashCommandInjection}). */
  readonly options?: Readonly<Record<string, string | number | boolean>>;
  readonly memberPermissions?: bigint | string;
  readonly memberRoles?: readonly string[];
}

/** The focused option of an autocomplete, as Discord nests it among the others. */
export interface FocusedOption {
  readonly name: string;
  readonly type: number;
  readonly value: string;
  readonly focused: true;
}

/** A click on a button of a message the bot sent. */
export interface ButtonClickInjection {
  readonly messageId: string;
  readonly userId: string;
  readonly customId: string;
  /** The clicker's permissions in the channel (bit set), as Discord sends them for a member. */
  readonly memberPermissions?: bigint | string;
}

/** One option of an injected slash command (`type`: 3 string, 4 integer, 5 boolean, 10 number, 11 attachment id). */
export interface InjectedOption {
  readonly name: string;
  readonly type: 3 | 4 | 5 | 10 | 11;
  readonly value: string | number | boolean;
}

/** A subcommand and its options, as Discord nests them. */
export interface InjectedSubcommand {
  readonly name: string;
  readonly type: 1;
  readonly options: readonly (InjectedOption | FocusedOption)[];
}

interface RegisteredOption {
  readonly name?: string;
  readonly type?: number;
  readonly autocomplete?: boolean;
  readonly options?: readonly RegisteredOption[];
}

function registeredOptions(commands: readonly unknown[] | undefined, name: string, subcommand?: string): readonly RegisteredOption[] {
  const command = (commands as readonly RegisteredOption[] | undefined)?.find((c) => c.name === name);
  return (subcommand ? command?.options?.find((o) => o.name === subcommand && o.type === 1)?.options : command?.options) ?? [];
}

/** Option types by name of a registered command (or of its subcommand), from the PUT the bot made. */
export function registeredOptionTypes(commands: readonly unknown[] | undefined, name: string, subcommand?: string): Map<string, number> {
  return new Map(registeredOptions(commands, name, subcommand).map((o) => [o.name ?? '', o.type ?? 0]));
}

/**
 * The focused option of an autocomplete, typed as registered. Throws (a test bug) when the
 * command does not register it with `autocomplete: true`: Discord sends autocomplete
 * interactions for those options only.
 */
export function focusedOption(commands: readonly unknown[] | undefined, input: AutocompleteInjection): FocusedOption {
  const name = input.commandName ?? 'veo';
  const registered = registeredOptions(commands, name, input.subcommand).find((o) => o.name === input.focused.name);
  if (!registered?.autocomplete) throw new Error(`FakeDiscord: /${name} has no autocomplete option ${input.focused.name}, so Discord would send no autocomplete for it`);
  return { name: input.focused.name, type: registered.type ?? 3, value: input.focused.value, focused: true };
}

/**
 * Turns `{ prompt: 'x', duration: 6, audio: false }` into typed options. A number is `NUMBER`
 * where the registered command says so or when it has a fraction, else `INTEGER`.
 */
export function optionsFrom(values: Readonly<Record<string, string | number | boolean>>, registered: ReadonlyMap<string, number> = new Map()): InjectedOption[] {
  return Object.entries(values).map(([name, value]) => ({
    name,
    value,
    type: typeof value === 'boolean' ? 5 : typeof value !== 'number' ? 3 : registered.get(name) === 10 || !Number.isInteger(value) ? 10 : 4,
  }));
}

/** What every INTERACTION_CREATE needs, per FACTS (entitlements, owners, channel object, member or user). */
export function interactionBase(
  interaction: FakeInteraction,
  channel: FakeChannel,
  user: FakeUser,
  bot: FakeUser,
  attachmentSizeLimit: number | null,
  extra: { memberPermissions?: string; memberRoles?: readonly string[] } = {},
): Record<string, unknown> {
  const who = interaction.guildId
    ? {
        guild_id: interaction.guildId,
        guild_locale: 'en-US',
        member: { user: userJson(user), roles: [...(extra.memberRoles ?? [])], permissions: extra.memberPermissions ?? ALL_PERMISSIONS, joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0, pending: false, nick: null, avatar: null },
      }
    : { user: userJson(user) };
  return {
    id: interaction.id,
    application_id: interaction.applicationId,
    type: interaction.type,
    token: interaction.token,
    version: 1,
    channel_id: channel.id,
    channel: { ...channelJson(channel, bot), ...(channel.guildId ? { permissions: ALL_PERMISSIONS } : {}) },
    app_permissions: ALL_PERMISSIONS,
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: interaction.guildId ? { '0': interaction.guildId } : { '1': user.id },
    context: interaction.guildId ? 0 : 1,
    ...(attachmentSizeLimit === null ? {} : { attachment_size_limit: attachmentSizeLimit }),
    ...who,
  };
}

/** `data` of a chat-input command (or of its autocomplete). */
export function commandData(commandId: string, name: string, options: readonly (InjectedOption | FocusedOption | InjectedSubcommand)[]): Record<string, unknown> {
  return { id: commandId, name, type: 1, options };
}

/** `data` of a button click. */
export function buttonData(customId: string): Record<string, unknown> {
  return { component_type: 2, custom_id: customId };
}
