import type { FakeAttachmentInit } from './fake-attachments.js';
import type { FakeAttachment } from './fake-state.js';

/** A message a user posts in a channel of the fake (for message commands to be used on). */
export interface UserMessageInit {
  readonly channelId: string;
  readonly userId: string;
  readonly content?: string;
  /** Its files in order; the fake serves their bytes at the URLs the message reports, like Discord's CDN. */
  readonly attachments?: readonly FakeAttachmentInit[];
}

/** A user choosing a message command (Apps → the command) on a message of the fake. */
export interface MessageCommandInjection {
  /** The message it is used on (its channel is where the interaction happens). */
  readonly messageId: string;
  readonly userId: string;
  /** The registered message command's name (default `Make a Veo video`). */
  readonly commandName?: string;
  readonly memberPermissions?: bigint | string;
  readonly memberRoles?: readonly string[];
}

interface RegisteredCommand {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly type?: unknown;
}

/**
 * The registered message command (type 3) of that name among the guild's commands, else among
 * the global ones — Discord shows users both. Throws (a test bug) when there is none: Discord's
 * client offers only registered commands, so it would send no such interaction.
 */
export function registeredMessageCommand(guildCommands: readonly unknown[] | undefined, globalCommands: readonly unknown[] | undefined, name: string): { readonly id: string; readonly guildScoped: boolean } {
  const find = (list: readonly unknown[] | undefined) => (list as readonly RegisteredCommand[] | undefined)?.find((c) => c.type === 3 && c.name === name);
  const inGuild = find(guildCommands);
  const command = inGuild ?? find(globalCommands);
  if (!command) throw new Error(`FakeDiscord: no message command "${name}" is registered, so Discord would offer no such command`);
  return { id: String(command.id), guildScoped: inGuild !== undefined };
}

/**
 * `data` of a message command interaction (APIMessageApplicationCommandInteractionData): the
 * command's id and name, type 3, `target_id` and the message itself in `resolved.messages`;
 * `guild_id` for a guild-scoped command, as Discord sends it.
 */
export function messageCommandData(command: { readonly id: string; readonly guildScoped: boolean }, name: string, guildId: string | null, target: Record<string, unknown>): Record<string, unknown> {
  const id = String(target['id']);
  return { id: command.id, name, type: 3, target_id: id, resolved: { messages: { [id]: target } }, ...(command.guildScoped && guildId ? { guild_id: guildId } : {}) };
}

/** A user's file as the fake keeps it on the message (its bytes too when at most 1 MiB, like sent files). */
export function userAttachment(id: string, init: FakeAttachmentInit, url: string): FakeAttachment {
  return {
    id,
    filename: init.filename ?? 'image.png',
    size: init.size ?? init.bytes.length,
    contentType: init.contentType ?? 'image/png',
    url,
    ...(init.bytes.length <= 1024 * 1024 ? { bytes: Buffer.from(init.bytes) } : {}),
    ...(init.width ? { width: init.width, height: init.height ?? init.width } : {}),
  };
}
