import { EmbedBuilder, TimestampStyles, time, type APIEmbed } from 'discord.js';
import { PERSON_GENERATION_LABELS, modelLabel, type ModelCapabilities, type SettingsView } from '@veo-bot/core';
import { fitEmbed } from './text-limits.js';

const COLOR = 0x5865f2;
const all = (items: readonly string[], none = 'no restriction') => (items.length === 0 ? none : items.join(', '));

/** `/veo-settings show` (and the answer to a change): each setting, then the latest changes. Only managers see it (ephemeral). */
export function settingsEmbed(view: SettingsView, models: readonly ModelCapabilities[], title = '⚙️ /veo settings of this server'): APIEmbed {
  const s = view.settings;
  const limit = s.perUserDailyLimit === null ? "the bot's own" : `${s.perUserDailyLimit} per member per 24 h`;
  const embed = new EmbedBuilder()
    .setTitle(title)
    .setColor(COLOR)
    .addFields(
      { name: 'Channels', value: all(s.allowedChannels.map((id) => `<#${id}>`), 'everywhere'), inline: false },
      { name: 'Age-restricted channels only', value: s.nsfwOnly ? 'yes' : 'no', inline: true },
      { name: 'Limit', value: `${limit}${s.exemptRoleId ? `; <@&${s.exemptRoleId}> exempt` : ''}`, inline: true },
      { name: 'Models', value: all(s.allowedModels.map((id) => modelLabel(id, models))), inline: false },
      { name: 'Resolutions', value: all(s.allowedResolutions), inline: true },
      { name: 'Durations', value: all(s.allowedDurations.map((d) => `${d} s`)), inline: true },
      { name: 'People in videos', value: s.personGeneration ? `${PERSON_GENERATION_LABELS[s.personGeneration]} (\`${s.personGeneration}\`)` : "the bot's setting", inline: true },
      { name: `Blocked words (${s.blockedWords.length})`, value: s.blockedWords.length ? `||${s.blockedWords.join(', ')}||` : 'none', inline: false },
      { name: `Blocked patterns (${s.blockedPatterns.length})`, value: s.blockedPatterns.length ? s.blockedPatterns.map((p) => `\`${p.replaceAll('`', 'ˋ')}\``).join(' ') : 'none', inline: false },
    );
  if (view.audit.length > 0) {
    const lines = view.audit.slice(0, 5).map((e) => `${time(e.changedAt, TimestampStyles.ShortDateTime)} ${e.changedBy.startsWith('cli:') ? `\`${e.changedBy}\`` : `<@${e.changedBy}>`}: ${Object.keys(e.change).join(', ')}`);
    embed.addFields({ name: 'Latest changes', value: lines.join('\n'), inline: false });
  }
  return fitEmbed(embed.toJSON());
}
