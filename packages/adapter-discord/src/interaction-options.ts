import { ApplicationCommandOptionType, type Attachment, type ChatInputCommandInteraction } from 'discord.js';

/** The JS kinds of slash command option values the bot reads. */
export type OptionKind = 'string' | 'integer' | 'number' | 'boolean';

const TYPES: Readonly<Record<OptionKind, ApplicationCommandOptionType>> = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  number: ApplicationCommandOptionType.Number,
  boolean: ApplicationCommandOptionType.Boolean,
};

/** An option as read without trusting it: absent, the value, or present but of the wrong type. */
export type OptionRead<T> = { readonly state: 'absent' } | { readonly state: 'ok'; readonly value: T } | { readonly state: 'wrong' };

/**
 * One option of a command, checked against the type the bot registered. discord.js' typed
 * getters throw on a mismatch (a forged or stale interaction); this answers `wrong` instead,
 * so the handler can refuse politely before anything is called.
 */
export function readOption<K extends OptionKind>(interaction: ChatInputCommandInteraction, name: string, kind: K): OptionRead<K extends 'string' ? string : K extends 'boolean' ? boolean : number> {
  const option = interaction.options.get(name);
  if (!option || option.value === undefined || option.value === null) return { state: 'absent' };
  const value = option.value;
  const fits =
    option.type === TYPES[kind] &&
    (kind === 'string' ? typeof value === 'string' : kind === 'boolean' ? typeof value === 'boolean' : kind === 'integer' ? Number.isSafeInteger(value) : typeof value === 'number' && Number.isFinite(value));
  return fits ? { state: 'ok', value: value as never } : { state: 'wrong' };
}

/** The raw value of an option, whatever its type (core validates it), or undefined. */
export function rawOption(interaction: ChatInputCommandInteraction, name: string): unknown {
  return interaction.options.get(name)?.value ?? undefined;
}

/** An attachment option: none given, the resolved attachment, or given but missing from `resolved` (or not an attachment). */
export type AttachmentRead = { readonly state: 'absent' } | { readonly state: 'ok'; readonly attachment: Attachment } | { readonly state: 'unresolved' };

/** Reads an attachment option, telling "none" from "given but Discord sent no file for it". */
export function readAttachmentOption(interaction: ChatInputCommandInteraction, name: string): AttachmentRead {
  const option = interaction.options.get(name);
  if (!option) return { state: 'absent' };
  if (option.type === ApplicationCommandOptionType.Attachment && option.attachment) return { state: 'ok', attachment: option.attachment };
  return { state: 'unresolved' };
}
