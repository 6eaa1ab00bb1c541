import type { APIEmbed } from 'discord.js';

/**
 * Discord's limits on what a bot sends (discord.com/developers/docs/resources/message "Embed
 * Limits" and interactions/message-components, checked 2026-12-01). Lengths here are UTF-16
 * code units (`string.length`), never fewer than the characters Discord counts, so a text that
 * fits here fits there.
 */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** All embeds of one message together: titles, descriptions, field names and values, footers, authors. */
  embedTotal: 6000,
  fields: 25,
  embeds: 10,
  actionRows: 5,
  customId: 100,
} as const;

/** Marks a cut. */
export const ELLIPSIS = '…';

/** `text` in at most `max` code units; a longer one is cut and ends with "…" (never half a surrogate pair). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - ELLIPSIS.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, Math.max(0, end))}${ELLIPSIS}`;
}

/** Message content that fits Discord's 2,000. */
export function fitContent(text: string): string {
  return truncate(text, DISCORD_LIMITS.content);
}

const size = (embed: APIEmbed): number =>
  (embed.title?.length ?? 0) +
  (embed.description?.length ?? 0) +
  (embed.footer?.text.length ?? 0) +
  (embed.author?.name.length ?? 0) +
  (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);

/** Characters of a message's embeds that count towards Discord's 6,000. */
export function embedsSize(embeds: readonly APIEmbed[]): number {
  return embeds.reduce((sum, e) => sum + size(e), 0);
}

/** One embed with every text within its own limit and at most 25 fields. */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const fitted: APIEmbed = { ...embed };
  if (embed.title !== undefined) fitted.title = truncate(embed.title, DISCORD_LIMITS.embedTitle);
  if (embed.description !== undefined) fitted.description = truncate(embed.description, DISCORD_LIMITS.embedDescription);
  if (embed.footer) fitted.footer = { ...embed.footer, text: truncate(embed.footer.text, DISCORD_LIMITS.footerText) };
  if (embed.author) fitted.author = { ...embed.author, name: truncate(embed.author.name, DISCORD_LIMITS.authorName) };
  if (embed.fields) {
    fitted.fields = embed.fields.slice(0, DISCORD_LIMITS.fields).map((f) => ({ ...f, name: truncate(f.name, DISCORD_LIMITS.fieldName), value: truncate(f.value, DISCORD_LIMITS.fieldValue) }));
  }
  return fitted;
}

/**
 * A message's embeds within every limit, the 6,000 total included: each embed fitted, then
 * descriptions shortened, then the last fields dropped, until the total fits. The footer (it
 * carries the request id resume looks for) and the title are kept.
 */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  const fitted = embeds.slice(0, DISCORD_LIMITS.embeds).map(fitEmbed);
  let excess = embedsSize(fitted) - DISCORD_LIMITS.embedTotal;
  for (const embed of fitted) {
    if (excess <= 0) break;
    if (!embed.description) continue;
    const before = embed.description.length;
    embed.description = truncate(embed.description, Math.max(ELLIPSIS.length, before - excess));
    excess -= before - embed.description.length;
  }
  for (const embed of [...fitted].reverse()) {
    while (excess > 0 && embed.fields && embed.fields.length > 0) {
      const dropped = embed.fields.pop();
      excess -= (dropped?.name.length ?? 0) + (dropped?.value.length ?? 0);
    }
  }
  return fitted;
}

/** A message body (REST or discord.js shape) with content, embeds and action rows within Discord's limits. */
export function fitMessage<T extends { content?: string; embeds?: APIEmbed[]; components?: unknown[] }>(body: T): T {
  return {
    ...body,
    ...(body.content !== undefined ? { content: fitContent(body.content) } : {}),
    ...(body.embeds !== undefined ? { embeds: fitEmbeds(body.embeds) } : {}),
    ...(body.components !== undefined ? { components: body.components.slice(0, DISCORD_LIMITS.actionRows) } : {}),
  };
}
