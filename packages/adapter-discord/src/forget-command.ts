import { SlashCommandBuilder, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

/** Name of the erase-my-data slash command. */
export const FORGET_COMMAND_NAME = 'veo-forget-me';

/** How long a confirm button stays valid after `/veo-forget-me` was used. */
export const FORGET_CONFIRM_TTL_MS = 10 * 60_000;

/** `/veo-forget-me`: shows what is stored about the asker, with a button to erase it (only they see it). */
export function buildForgetCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return new SlashCommandBuilder()
    .setName(FORGET_COMMAND_NAME)
    .setDescription('Erase everything this bot stored about you: requests, images and videos (asks first)')
    .toJSON();
}
