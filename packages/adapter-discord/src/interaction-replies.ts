import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { fitContent } from './text-limits.js';

/** Shown when a handler failed unexpectedly; details go to the log, not to the user. */
export const GENERIC_ERROR = 'Something went wrong on our side. Please try again in a moment.';

/** Shown for a button or menu whose `custom_id` is unknown, malformed or stale; nothing else is done. */
export const STALE_COMPONENT = 'This button is no longer valid.';

/** Shown for a command this bot instance does not serve (registered, but its handler is not configured). */
export const COMMAND_NOT_AVAILABLE = 'This command is not available on this bot right now.';

/**
 * Answers only the user who acted (the text cut to Discord's 2,000 if need be), whatever state the interaction is in: a direct
 * ephemeral reply; an edit of an ephemeral deferral; or, after a public deferral, the
 * public "thinking…" message is removed and the answer comes as an ephemeral follow-up.
 */
export async function replyEphemeral(interaction: RepliableInteraction, content: string): Promise<void> {
  const body = { content: fitContent(content), allowedMentions: { parse: [] } };
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.ephemeral) {
    await interaction.editReply(body);
    return;
  }
  await interaction.deleteReply().catch(() => undefined);
  await interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
}
