import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { MAX_CAP_USD, type SpendCaps } from '@veo-bot/core';
import { readOption } from './interaction-options.js';

/** Name of the budget slash command. */
export const BUDGET_COMMAND_NAME = 'veo-budget';

/** Caps to change: a number sets the cap (USD), null clears it (back to the bot's default), absent keeps it. */
export type CapChanges = Partial<Record<keyof SpendCaps, number | null>>;

/** The `reset` choices of `/veo-budget set` and the caps each one clears. */
export const RESET_CHOICES: Readonly<Record<string, readonly (keyof SpendCaps)[]>> = {
  daily: ['guildDailyUsd'],
  monthly: ['guildMonthlyUsd'],
  user_daily: ['userDailyUsd'],
  all: ['guildDailyUsd', 'guildMonthlyUsd', 'userDailyUsd'],
};

const NUMBER_OPTIONS: readonly (readonly [Exclude<keyof BudgetSetOptions, 'reset'>, keyof SpendCaps, string])[] = [
  ['daily_usd', 'guildDailyUsd', "The server's cap per UTC day, in USD (0 = no videos)"],
  ['monthly_usd', 'guildMonthlyUsd', "The server's cap per UTC month, in USD"],
  ['user_daily_usd', 'userDailyUsd', 'Each member’s cap per UTC day on this server, in USD'],
];

const OPTION_NAMES: Readonly<Record<keyof SpendCaps, string>> = { guildDailyUsd: 'daily_usd', guildMonthlyUsd: 'monthly_usd', userDailyUsd: 'user_daily_usd' };

/**
 * `/veo-budget show` and `/veo-budget set [daily_usd] [monthly_usd] [user_daily_usd] [reset]`,
 * in servers only. Registered with Manage Server as the default member permission (Discord
 * permissions are per command, not per subcommand), so Discord offers it to managers unless a
 * server opens it up; the handler checks Manage Server again for `set`.
 */
export function buildBudgetCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return new SlashCommandBuilder()
    .setName(BUDGET_COMMAND_NAME)
    .setDescription("This server's video spending caps")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) => s.setName('show').setDescription('Caps, what has been spent, what is left and when each cap resets'))
    .addSubcommand((s) => {
      s.setName('set').setDescription('Change the caps (Manage Server only)');
      for (const [name, , description] of NUMBER_OPTIONS) s.addNumberOption((o) => o.setName(name).setDescription(description).setMinValue(0).setMaxValue(MAX_CAP_USD));
      return s.addStringOption((o) =>
        o
          .setName('reset')
          .setDescription("Clear caps back to the bot's default")
          .addChoices(...Object.keys(RESET_CHOICES).map((value) => ({ name: value, value }))),
      );
    })
    .toJSON();
}

/** The raw options of `/veo-budget set`. */
export interface BudgetSetOptions {
  readonly daily_usd: number | null;
  readonly monthly_usd: number | null;
  readonly user_daily_usd: number | null;
  readonly reset: string | null;
}

/** Reads `/veo-budget set`'s options. */
export function readBudgetSetOptions(interaction: ChatInputCommandInteraction): BudgetSetOptions {
  // A value of the wrong type (a forged interaction) reads as NaN, which budgetChanges refuses.
  const usd = (name: string): number | null => {
    const read = readOption(interaction, name, 'number');
    if (read.state === 'absent') return null;
    return read.state === 'ok' ? read.value : Number.NaN;
  };
  const reset = readOption(interaction, 'reset', 'string');
  return { daily_usd: usd('daily_usd'), monthly_usd: usd('monthly_usd'), user_daily_usd: usd('user_daily_usd'), reset: reset.state === 'ok' ? reset.value : reset.state === 'wrong' ? '?' : null };
}

/**
 * The changes `/veo-budget set` asks for, or why it asks for none. Values are not range-checked
 * here: core validates them, so the rule and its wording live in one place.
 */
export function budgetChanges(options: BudgetSetOptions): { ok: true; caps: CapChanges } | { ok: false; message: string } {
  const caps: { -readonly [K in keyof SpendCaps]?: number | null } = {};
  for (const [name, key] of NUMBER_OPTIONS) {
    const value = options[name];
    if (value !== null && !Number.isFinite(value)) return { ok: false, message: `\`${name}\` must be an amount of USD, like 20 or 12.50.` };
    if (value !== null) caps[key] = value;
  }
  const cleared = options.reset === null ? [] : Object.hasOwn(RESET_CHOICES, options.reset) ? RESET_CHOICES[options.reset] : undefined;
  if (!cleared) return { ok: false, message: `Unknown reset choice \`${options.reset ?? ''}\`; use one of ${Object.keys(RESET_CHOICES).join(', ')}.` };
  for (const key of cleared) {
    if (caps[key] !== undefined) return { ok: false, message: `\`${OPTION_NAMES[key]}\` is both set and reset; choose one.` };
    caps[key] = null;
  }
  if (Object.keys(caps).length === 0) return { ok: false, message: 'Nothing to change: give `daily_usd`, `monthly_usd`, `user_daily_usd` or `reset`.' };
  return { ok: true, caps };
}
