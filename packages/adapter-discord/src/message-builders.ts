import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type APIActionRowComponent, type APIComponentInActionRow, type APIEmbed, type APIAllowedMentions } from 'discord.js';
import { Messages, modelLabel, retiredModel, type CompletedNotice, type Eta, type FailedNotice, type ModelCapabilities, type ProgressUpdate, type VideoRequest } from '@veo-bot/core';
import { againCustomId, cancelCustomId, extendCustomId, retryCustomId } from './custom-ids.js';
import { DISCORD_LIMITS, fitMessage, truncate } from './text-limits.js';

/** A message body in Discord's API shape (what REST sends). */
export interface MessageBody {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInActionRow>[];
  allowed_mentions: APIAllowedMentions;
}

const COLOR_OK = 0x2ecc71;
const COLOR_FAILED = 0xe74c3c;
const MIB = 1024 * 1024;

/** Elapsed time as "1m 05s" or "42s". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes > 0 ? `${minutes}m ${String(seconds).padStart(2, '0')}s` : `${seconds}s`;
}

/** A rough duration for an estimate: "under a minute", "about 4 min" (an ETA is never exact). */
export function formatApprox(ms: number): string {
  return ms < 60_000 ? 'under a minute' : `about ${Math.round(ms / 60_000)} min`;
}

/** "ready in about 4 min (these take about 2 min)", or "usually a few minutes" with too little history. */
export function etaText(eta: Eta | undefined): string {
  if (!eta || eta.kind === 'unknown') return 'usually a few minutes';
  return `ready in ${formatApprox(eta.readyInMs)} (one takes ${formatApprox(eta.typicalMs)} lately)`;
}

/** Cells of the progress bar: short enough for a phone's line, fine enough to move every few seconds. */
const BAR_CELLS = 12;
/** Past the typical time by this factor, the status says so instead of "almost done". */
const LATE_FACTOR = 1.3;

/** A bar of {@link BAR_CELLS} cells, `fraction` (0–1) of them filled: "▰▰▰▰▱▱▱▱▱▱▱▱". */
export function progressBar(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_CELLS);
  return '▰'.repeat(filled) + '▱'.repeat(BAR_CELLS - filled);
}

/** The generating status: elapsed time, and with an estimate a bar, the share done and the time left — or that it takes longer than usual. */
function generatingText(elapsedMs: number, eta: Eta | undefined): string {
  const elapsed = `${formatElapsed(elapsedMs)} elapsed`;
  if (!eta || eta.kind === 'unknown') return `🎬 Generating… ${elapsed}.`;
  if (eta.readyInMs > 0) {
    const fraction = elapsedMs / (elapsedMs + eta.readyInMs);
    return `🎬 Generating… ${progressBar(fraction)} ${Math.min(99, Math.floor(fraction * 100))}% — ${elapsed}, ${formatApprox(eta.readyInMs)} left.`;
  }
  if (elapsedMs > eta.typicalMs * LATE_FACTOR) return `🎬 Generating… ${progressBar(0.95)} — ${elapsed}; taking longer than usual (one takes ${formatApprox(eta.typicalMs)} lately).`;
  return `🎬 Generating… ${progressBar(0.95)} — ${elapsed}, almost done.`;
}

/**
 * The text of the status message for a progress update: queue position and ETA while queued
 * (position 0: starting now); while generating, elapsed time and — from the model's recent
 * generation times — a progress bar and the time left, or honestly "taking longer than usual"
 * once the estimate is passed. Updated at each poll (at most every 3 s, and within the
 * shared poll budget), by editing the interaction's reply: one message, never a new post.
 */
export function progressText(update: Pick<ProgressUpdate, 'stage'> & { position?: number; elapsedMs?: number; eta?: Eta }): string {
  if (update.stage === 'queued') {
    const place = (update.position ?? 1) > 0 ? `Queued (#${update.position ?? 1})` : 'Starting now';
    return `⏳ ${place} — ${etaText(update.eta)}. I'll post the video here when it's ready.`;
  }
  return generatingText(update.elapsedMs ?? 0, update.eta);
}

/** Final text of the status message once the answer was posted below it. */
export const STATUS_DONE = '✅ Done: your video is below.';
/** Final text of the status message after a failure. */
export const STATUS_FAILED = '❌ The video could not be made; details below.';

/** Mentions only the request's user, never anyone else. */
export function onlyUser(userId: string): APIAllowedMentions {
  return { users: [userId] };
}

function requestEmbed(request: VideoRequest, title: string, color: number, resumed: boolean, models?: readonly ModelCapabilities[]): EmbedBuilder {
  // The operator's catalog names its own models; a built-in or retired one is named all the same.
  const model = modelLabel(request.model, models);
  const embed = new EmbedBuilder()
    .setTitle(title)
    .setColor(color)
    .setDescription(truncate(request.prompt, DISCORD_LIMITS.embedDescription) || '(no prompt)')
    .addFields(
      { name: 'Duration', value: `${request.durationSeconds}s`, inline: true },
      { name: 'Aspect ratio', value: request.aspectRatio, inline: true },
      { name: 'Resolution', value: request.resolution, inline: true },
      { name: 'Model', value: model, inline: true },
    );
  // The request id in the footer lets a restarted process find a message it already sent.
  embed.setFooter({ text: requestFooter(request, resumed) });
  return embed;
}

/** The footer that names the request (a restarted process finds its own messages by it). */
export function requestFooter(request: Pick<VideoRequest, 'id'>, resumed: boolean): string {
  return truncate(resumed ? `${Messages.resumedFooter} · Request ${request.id}` : `Request ${request.id}`, DISCORD_LIMITS.footerText);
}

/**
 * The completion message: a mention, an embed with the prompt and settings, (when not attached)
 * the link, and Again — with Extend beside it when `extendable` (core's `extensionRefusal` found
 * nothing against it). `models`: the models offered (their labels name the model; default built-in).
 */
export function completionBody(request: VideoRequest, notice: CompletedNotice, attach: boolean, limitBytes: number, models?: readonly ModelCapabilities[], extendable = false): MessageBody {
  const embed = requestEmbed(request, '🎬 Your video is ready', COLOR_OK, notice.resumed, models);
  let content = `<@${request.userId}> your video is ready!`;
  if (!attach) {
    const size = (notice.video.sizeBytes / MIB).toFixed(1);
    const why = `(${size} MiB, over this server's ${Math.round(limitBytes / MIB)} MiB upload limit)`;
    content += `\n${notice.video.link}`;
    // A link cut short would not open: a very long one is only in the content.
    const linked = `[Open the video](${notice.video.link}) ${why}`;
    embed.addFields({ name: 'Video', value: linked.length <= DISCORD_LIMITS.fieldValue ? linked : `The link is in the message above ${why}.` });
  }
  return fitMessage({ content, embeds: [embed.toJSON()], components: [againRow(request.id, false, successorLabel(request), extendable)], allowed_mentions: onlyUser(request.userId) });
}

/** For a request made with a model Google retired: the label of the model its Retry/Again uses. */
export function successorLabel(request: Pick<VideoRequest, 'model'>): string | undefined {
  const retired = retiredModel(request.model);
  return retired ? modelLabel(retired.replacement) : undefined;
}

/** The failure message: a mention, the reason in plain words, the `/veo` hint and, when retryable, a Retry button. */
export function failureBody(request: VideoRequest, notice: FailedNotice, models?: readonly ModelCapabilities[]): MessageBody {
  const embed = requestEmbed(request, '❌ Video generation failed', COLOR_FAILED, notice.resumed, models);
  const components = notice.retryable ? [retryRow(request.id, false, successorLabel(request))] : [];
  return fitMessage({ content: failureText(request, notice, DISCORD_LIMITS.content), embeds: [embed.toJSON()], components, allowed_mentions: onlyUser(request.userId) });
}

/**
 * The failure text with the reason cut so the whole fits in `max` (a 3,000-character Vertex
 * error becomes its first part and "…"; the full text stays in the database and the logs).
 */
export function failureText(request: Pick<VideoRequest, 'userId'>, notice: Pick<FailedNotice, 'reason' | 'retryable'>, max: number): string {
  const hint = notice.retryable ? Messages.retryHint : 'You can start again with a new `/veo` command.';
  const head = `<@${request.userId}> your video could not be made.\n**Reason:** `;
  const reason = truncate(notice.reason.trim() || 'not given', Math.max(1, max - head.length - hint.length - 1));
  return truncate(`${head}${reason}\n${hint}`, max);
}

/** The row with the Retry button; `used` shows it disabled; `withModel`: the model a retry will use when it is not the original's ("Retry with Veo 3.1"). */
export function retryRow(requestId: string, used: boolean, withModel?: string): APIActionRowComponent<APIComponentInActionRow> {
  const button = new ButtonBuilder()
    .setCustomId(retryCustomId(requestId))
    .setLabel(used ? 'Retried' : withModel ? `Retry with ${withModel}` : 'Retry')
    .setStyle(used ? ButtonStyle.Secondary : ButtonStyle.Primary)
    .setDisabled(used);
  return new ActionRowBuilder<ButtonBuilder>().addComponents(button).toJSON();
}

/** The row with the Cancel button of a queued request's status message (owner or server managers). */
export function cancelRow(requestId: string): APIActionRowComponent<APIComponentInActionRow> {
  const button = new ButtonBuilder().setCustomId(cancelCustomId(requestId)).setLabel('Cancel').setEmoji('✖️').setStyle(ButtonStyle.Danger);
  return new ActionRowBuilder<ButtonBuilder>().addComponents(button).toJSON();
}

/** Text of a status message whose request was cancelled before Google saw it. */
export function cancelledText(byUserId: string, ownerId: string): string {
  const who = byUserId === ownerId ? '' : ` by <@${byUserId}>`;
  return `🚫 Cancelled${who}: nothing was sent to Google and nothing is charged.`;
}

/**
 * The row of a delivered video: Again (`used` shows it disabled, "Made again"; `withModel` as for
 * {@link retryRow}) and, when `extendable`, Extend (a video can be extended more than once).
 */
export function againRow(requestId: string, used: boolean, withModel?: string, extendable = false): APIActionRowComponent<APIComponentInActionRow> {
  const again = new ButtonBuilder()
    .setCustomId(againCustomId(requestId))
    .setLabel(used ? 'Made again' : withModel ? `Again with ${withModel}` : 'Again')
    .setEmoji(used ? '✅' : '🔁')
    .setStyle(ButtonStyle.Secondary)
    .setDisabled(used);
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(again);
  if (extendable) row.addComponents(new ButtonBuilder().setCustomId(extendCustomId(requestId)).setLabel('Extend').setEmoji('⏩').setStyle(ButtonStyle.Secondary));
  return row.toJSON();
}

/** Whether message components (rows, as Discord or discord.js hold them) include a button with this `custom_id`. */
export function hasButton(components: readonly unknown[], customId: string): boolean {
  const walk = (items: readonly unknown[]): boolean =>
    items.some((item) => {
      if (typeof item !== 'object' || item === null) return false;
      const c = item as { customId?: unknown; custom_id?: unknown; components?: unknown; data?: { custom_id?: unknown } };
      if (c.customId === customId || c.custom_id === customId || c.data?.custom_id === customId) return true;
      return Array.isArray(c.components) && walk(c.components);
    });
  return walk(components);
}
