import type { MigrateResult } from '@veo-bot/adapter-postgres';
import { GuildSettingsAdmin, PERSON_GENERATION_VALUES, isPersonGeneration, type Clock, type GuildSettings, type GuildSettingsChange, type GuildSettingsStore, type ModelPolicy, type Resolution, type SettingsView } from '@veo-bot/core';
import { TOKENS } from '../container.js';
import { json, table } from '../cli/output.js';
import { type GlobalOptions, withContext } from '../cli/context.js';
import { UsageError } from '../cli/errors.js';

/** What `veo-bot settings` may be asked to change (every option optional; none: show). */
export interface SettingsOptions {
  readonly guild: string;
  readonly json?: boolean;
  /** Who the audit log names: `cli:<by>` (default `cli:operator`). */
  readonly by?: string;
  readonly channels?: string;
  readonly nsfwOnly?: string;
  readonly limit?: string;
  readonly exemptRole?: string;
  readonly models?: string;
  readonly resolutions?: string;
  readonly durations?: string;
  /** `personGeneration` here, or `default` (the bot's). */
  readonly people?: string;
  readonly blockWord?: readonly string[];
  readonly unblockWord?: readonly string[];
  readonly blockPattern?: readonly string[];
  readonly unblockPattern?: readonly string[];
}

const list = (value: string): string[] => (value.trim().toLowerCase() === 'all' ? [] : value.split(',').map((s) => s.trim()).filter(Boolean));

/** The change the options ask for (from the settings as they stand), or null when they ask for none. */
export function cliChange(opts: SettingsOptions): ((current: GuildSettings) => GuildSettingsChange) | null {
  const fixed: { -readonly [K in keyof GuildSettingsChange]: GuildSettingsChange[K] } = {};
  if (opts.channels !== undefined) fixed.allowedChannels = list(opts.channels);
  if (opts.nsfwOnly !== undefined) {
    if (!['on', 'off'].includes(opts.nsfwOnly)) throw new UsageError('--nsfw-only takes on or off.');
    fixed.nsfwOnly = opts.nsfwOnly === 'on';
  }
  if (opts.limit !== undefined) {
    const n = Number(opts.limit);
    if (opts.limit !== 'default' && !Number.isInteger(n)) throw new UsageError('--limit takes a whole number or "default".');
    fixed.perUserDailyLimit = opts.limit === 'default' ? null : n;
  }
  if (opts.exemptRole !== undefined) fixed.exemptRoleId = opts.exemptRole === 'none' ? null : opts.exemptRole;
  if (opts.models !== undefined) fixed.allowedModels = list(opts.models);
  if (opts.resolutions !== undefined) fixed.allowedResolutions = list(opts.resolutions) as Resolution[];
  if (opts.durations !== undefined) {
    const seconds = list(opts.durations).map(Number);
    if (seconds.some((s) => !Number.isInteger(s))) throw new UsageError('--durations takes whole seconds, like 4,8, or "all".');
    fixed.allowedDurations = seconds;
  }
  if (opts.people !== undefined) {
    if (opts.people !== 'default' && !isPersonGeneration(opts.people)) throw new UsageError(`--people takes ${PERSON_GENERATION_VALUES.join(', ')} or "default".`);
    fixed.personGeneration = opts.people === 'default' ? null : opts.people;
  }
  const words = { add: opts.blockWord ?? [], remove: opts.unblockWord ?? [] };
  const patterns = { add: opts.blockPattern ?? [], remove: opts.unblockPattern ?? [] };
  const edits = words.add.length + words.remove.length + patterns.add.length + patterns.remove.length;
  if (Object.keys(fixed).length === 0 && edits === 0) return null;
  return (current) => {
    const change = { ...fixed };
    const apply = (now: readonly string[], edit: { add: readonly string[]; remove: readonly string[] }, same: (a: string, b: string) => boolean) => {
      const next = [...now];
      for (const w of edit.add) if (!next.some((x) => same(x, w))) next.push(w);
      return next.filter((x) => !edit.remove.some((w) => same(x, w)));
    };
    if (words.add.length + words.remove.length > 0) change.blockedWords = apply(current.blockedWords, words, (a, b) => a.toLowerCase() === b.toLowerCase());
    if (patterns.add.length + patterns.remove.length > 0) change.blockedPatterns = apply(current.blockedPatterns, patterns, (a, b) => a === b);
    return change;
  };
}

function print(view: SettingsView, out: (s: string) => void): void {
  const s = view.settings;
  const none = (items: readonly unknown[], word = 'all') => (items.length ? items.join(', ') : word);
  out(`Settings of guild ${s.guildId}${s.updatedAt ? ` (changed ${s.updatedAt.toISOString()} by ${s.updatedBy})` : ' (never changed)'}`);
  out(table(['SETTING', 'VALUE'], [
    ['channels', none(s.allowedChannels, 'everywhere')],
    ['nsfw-only', s.nsfwOnly ? 'on' : 'off'],
    ['limit per member / 24 h', s.perUserDailyLimit ?? 'bot default'],
    ['exempt role', s.exemptRoleId ?? 'none'],
    ['models', none(s.allowedModels)],
    ['resolutions', none(s.allowedResolutions)],
    ['durations', none(s.allowedDurations)],
    ['people (personGeneration)', s.personGeneration ?? 'bot default'],
    ['blocked words', none(s.blockedWords, 'none')],
    ['blocked patterns', none(s.blockedPatterns, 'none')],
  ]));
  if (view.audit.length) out(`\n${table(['CHANGED AT', 'BY', 'FIELDS'], view.audit.map((e) => [e.changedAt.toISOString(), e.changedBy, Object.keys(e.change).join(', ')]))}`);
}

/** `veo-bot settings --guild <id> [changes…] [--json]`: shows a server's settings, or changes them like `/veo-settings`. */
export async function settingsCommand(global: GlobalOptions, opts: SettingsOptions, out: (s: string) => void): Promise<boolean> {
  return withContext(global, async (ctx) => {
    if (!/^\d{17,20}$/.test(opts.guild)) throw new UsageError(`--guild ${opts.guild} is not a Discord guild id.`);
    const edit = cliChange(opts);
    await (await ctx.container.getAsync<() => Promise<MigrateResult>>(TOKENS.PrepareDatabase))();
    const admin = new GuildSettingsAdmin({
      store: await ctx.container.getAsync<GuildSettingsStore>(TOKENS.GuildSettings),
      clock: ctx.container.get<Clock>(TOKENS.Clock),
      logger: ctx.logger,
      policy: ctx.container.get<ModelPolicy>(TOKENS.Policy),
    });
    const result = edit ? await admin.change({ guildId: opts.guild, actorId: `cli:${opts.by ?? 'operator'}`, edit }) : await admin.show(opts.guild);
    if (!result.ok) {
      if (result.reason === 'invalid') throw new UsageError(result.message.replaceAll('\n', ' '));
      out(result.message);
      return false;
    }
    if (opts.json) out(json(result.value));
    else print(result.value, out);
    return true;
  });
}
