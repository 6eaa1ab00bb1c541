import type { UploadedFile } from './http-body.js';
import { channelJson, guildJson, messageJson, userJson } from './fake-payloads.js';
import { FakeApiError, type FakeWorld } from './fake-world.js';
import { callbackTypeRefusal } from './autocomplete-rules.js';
import { modalCallbackRefusal, modalOf } from './fake-modals.js';
import type { FakeChoice, FakeInteraction, FakeMessage } from './fake-state.js';

/** What a route handler gets. */
export interface RouteContext {
  readonly world: FakeWorld;
  readonly params: readonly string[];
  readonly json: unknown;
  readonly files: readonly UploadedFile[];
  readonly query: Readonly<Record<string, string>>;
}

/** What a route handler answers. */
export interface Reply {
  readonly status: number;
  readonly json?: unknown;
}

/** One REST route; `bot` routes need an Authorization header. */
export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly bot: boolean;
  handle(ctx: RouteContext): Reply;
}

const ok = (json: unknown): Reply => ({ status: 200, json });
const noContent: Reply = { status: 204 };
const show = (ctx: RouteContext, m: FakeMessage): Reply => ok(messageJson(m, ctx.world.bot, ctx.world.applicationId));
const flagsOf = (json: unknown): number => ((json as { flags?: number } | null)?.flags ?? 0);

function callback(ctx: RouteContext): Reply {
  const [id, token] = ctx.params as [string, string];
  const interaction = ctx.world.interactionToAcknowledge(token);
  if (interaction.id !== id) throw new FakeApiError(10062);
  if (interaction.callbackType !== null) throw new FakeApiError(40060);
  const body = (ctx.json ?? {}) as { type?: number; data?: unknown };
  const type = body.type ?? 0;
  const wrongType = callbackTypeRefusal(interaction.type, type) ?? modalCallbackRefusal(interaction.type, type);
  if (wrongType) return wrongType;
  const channel = ctx.world.channels.get(interaction.channelId);
  if (!channel) throw new FakeApiError(10003);
  interaction.callbackType = type;
  interaction.callbackFlags = flagsOf(body.data);
  if (type === 9) {
    // The spec check has passed: a custom_id of 1-100 characters, a title, 1-40 components.
    interaction.modal = modalOf(body.data);
  } else if (type === 8) {
    // The spec check (strict-check.ts) has passed: the choices are of the focused option's type.
    interaction.autocompleteChoices = ((body.data as { choices?: FakeChoice[] | null } | undefined)?.choices ?? []).filter((c) => c !== null);
  } else if (type === 4 || type === 5) {
    const original = ctx.world.createMessage('original', channel, body.data ?? {}, ctx.files, interaction.id);
    original.flags = (interaction.callbackFlags & 64) | (type === 5 ? 128 : 0);
    interaction.originalMessageId = original.id;
  } else if (type === 6 || type === 7) {
    interaction.originalMessageId = interaction.sourceMessageId;
    if (type === 7 && interaction.sourceMessageId) ctx.world.editMessage(ctx.world.message(interaction.sourceMessageId), body.data, ctx.files);
  }
  return ctx.query['with_response'] === 'true' ? ok({ interaction: { id, type: interaction.type }, resource: { type } }) : noContent;
}

function original(ctx: RouteContext): { interaction: FakeInteraction; message: FakeMessage } {
  const interaction = ctx.world.interactionForWebhook(ctx.params[1] ?? '');
  if (!interaction.originalMessageId) throw new FakeApiError(10015);
  return { interaction, message: ctx.world.message(interaction.originalMessageId) };
}

function followUp(ctx: RouteContext): Reply {
  const interaction = ctx.world.interactionForWebhook(ctx.params[1] ?? '');
  if (interaction.callbackType === null) throw new FakeApiError(10015);
  const channel = ctx.world.channels.get(interaction.channelId);
  if (!channel) throw new FakeApiError(10003);
  ctx.world.checkUploadSize(channel, ctx.files);
  // Discord: a follow-up right after a deferral edits the "thinking…" message instead of posting.
  const loading = interaction.originalMessageId ? ctx.world.messages.find((m) => m.id === interaction.originalMessageId && !m.deleted && (m.flags & 128) !== 0) : undefined;
  const message = loading
    ? ctx.world.editMessage(loading, ctx.json, ctx.files)
    : ctx.world.createMessage('followup', channel, ctx.json, ctx.files, interaction.id);
  return ctx.query['wait'] === 'true' ? show(ctx, message) : noContent;
}

function postToChannel(ctx: RouteContext): Reply {
  const channel = ctx.world.visibleChannel(ctx.params[0] ?? '');
  if (!channel.canSend) throw new FakeApiError(50013);
  ctx.world.checkUploadSize(channel, ctx.files);
  return show(ctx, ctx.world.createMessage('channel', channel, ctx.json, ctx.files, null));
}

function editInChannel(ctx: RouteContext): Reply {
  const channel = ctx.world.visibleChannel(ctx.params[0] ?? '');
  const message = ctx.world.message(ctx.params[1] ?? '');
  if (message.channelId !== channel.id) throw new FakeApiError(10008);
  if (message.authorId !== undefined) throw new FakeApiError(50005);
  return show(ctx, ctx.world.editMessage(message, ctx.json, ctx.files));
}

function putCommands(scope: (ctx: RouteContext) => string) {
  return (ctx: RouteContext): Reply => {
    const list = Array.isArray(ctx.json) ? (ctx.json as Record<string, unknown>[]) : [];
    const saved = list.map((c) => ({ ...c, id: ctx.world.snowflake(), application_id: ctx.world.applicationId, version: ctx.world.snowflake(), type: c['type'] ?? 1 }));
    ctx.world.commands.set(scope(ctx), saved);
    return ok(saved);
  };
}

const S = '([^/]+)';

/** The REST routes the bot and the notifier use, below `/api/v10`. */
export const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/users\/@me$/, bot: true, handle: (ctx) => ok(userJson(ctx.world.bot)) },
  { method: 'POST', pattern: new RegExp(`^/interactions/${S}/${S}/callback$`), bot: false, handle: callback },
  { method: 'GET', pattern: new RegExp(`^/webhooks/${S}/${S}/messages/@original$`), bot: false, handle: (ctx) => show(ctx, original(ctx).message) },
  {
    method: 'PATCH',
    pattern: new RegExp(`^/webhooks/${S}/${S}/messages/@original$`),
    bot: false,
    handle: (ctx) => {
      const { message } = original(ctx);
      const channel = ctx.world.channels.get(message.channelId);
      if (channel) ctx.world.checkUploadSize(channel, ctx.files);
      return show(ctx, ctx.world.editMessage(message, ctx.json, ctx.files));
    },
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/webhooks/${S}/${S}/messages/@original$`),
    bot: false,
    handle: (ctx) => {
      original(ctx).message.deleted = true;
      return noContent;
    },
  },
  { method: 'POST', pattern: new RegExp(`^/webhooks/${S}/${S}$`), bot: false, handle: followUp },
  {
    method: 'PATCH',
    pattern: new RegExp(`^/webhooks/${S}/${S}/messages/${S}$`),
    bot: false,
    handle: (ctx) => {
      const interaction = ctx.world.interactionForWebhook(ctx.params[1] ?? '');
      const message = ctx.world.message(ctx.params[2] ?? '');
      if (message.interactionId !== interaction.id) throw new FakeApiError(10008);
      return show(ctx, ctx.world.editMessage(message, ctx.json, ctx.files));
    },
  },
  { method: 'POST', pattern: new RegExp(`^/channels/${S}/messages$`), bot: true, handle: postToChannel },
  {
    // Newest first, like Discord; follow-ups and channel posts alike (ephemeral ones are not listed).
    method: 'GET',
    pattern: new RegExp(`^/channels/${S}/messages$`),
    bot: true,
    handle: (ctx) => {
      const channel = ctx.world.visibleChannel(ctx.params[0] ?? '');
      const limit = Math.min(100, Number(ctx.query.limit ?? 50) || 50);
      const listed = ctx.world.messages.filter((m) => m.channelId === channel.id && !m.deleted && (m.flags & 64) === 0).reverse().slice(0, limit);
      return ok(listed.map((m) => messageJson(m, ctx.world.bot, ctx.world.applicationId)));
    },
  },
  { method: 'PATCH', pattern: new RegExp(`^/channels/${S}/messages/${S}$`), bot: true, handle: editInChannel },
  { method: 'GET', pattern: new RegExp(`^/channels/${S}$`), bot: true, handle: (ctx) => ok(channelJson(ctx.world.visibleChannel(ctx.params[0] ?? ''), ctx.world.bot)) },
  {
    method: 'GET',
    pattern: new RegExp(`^/guilds/${S}$`),
    bot: true,
    handle: (ctx) => {
      const guild = ctx.world.guilds.get(ctx.params[0] ?? '');
      if (!guild) throw new FakeApiError(10004);
      return ok(guildJson(guild, ctx.world.ownerId));
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/guilds/${S}/members/${S}$`),
    bot: true,
    handle: (ctx) => {
      if (!ctx.world.guilds.has(ctx.params[0] ?? '')) throw new FakeApiError(10004);
      const user = ctx.params[1] === ctx.world.bot.id ? ctx.world.bot : ctx.world.user(ctx.params[1] ?? '');
      return ok({ user: userJson(user), roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null });
    },
  },
  { method: 'PUT', pattern: new RegExp(`^/applications/${S}/commands$`), bot: true, handle: putCommands(() => 'global') },
  { method: 'PUT', pattern: new RegExp(`^/applications/${S}/guilds/${S}/commands$`), bot: true, handle: putCommands((ctx) => ctx.params[1] ?? '') },
];
