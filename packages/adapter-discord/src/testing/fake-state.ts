import type { APIAllowedMentions, APIEmbed } from 'discord.js';
import type { FakeModal } from './fake-modals.js';

/** A guild of the fake, with what the bot can learn about it. */
export interface FakeGuild {
  readonly id: string;
  name: string;
  /** Boost tier 0–3 (GET /guilds/ID `premium_tier`). */
  premiumTier: number;
  /** Upload limit the fake enforces (413 / 40005 above it); defaults to the tier's limit. */
  uploadLimitBytes: number | null;
  /** Roles beyond @everyone (ids). */
  readonly roleIds: string[];
}

/** A text channel (guild) or a DM channel (`guildId` null). */
export interface FakeChannel {
  readonly id: string;
  readonly guildId: string | null;
  name: string;
  /** False: GET/POST answer 50001 Missing Access. */
  canView: boolean;
  /** False: GET works (with a deny overwrite for the bot) but POST answers 50013. */
  canSend: boolean;
  /** Deleted channels answer 10003 Unknown Channel. */
  deleted: boolean;
  /** Age-restricted. */
  nsfw: boolean;
}

/** How a message came to be. */
export type FakeMessageKind = 'original' | 'followup' | 'channel';

/** A file as Discord received it. */
export interface FakeAttachment {
  readonly id: string;
  readonly filename: string;
  readonly size: number;
  readonly contentType: string;
  /** The content, for files up to 1 MiB. */
  readonly bytes?: Buffer;
  /** Where the fake serves it (a user's message: see `postUserMessage`); absent: a made-up CDN URL nobody serves. */
  readonly url?: string;
  readonly width?: number;
  readonly height?: number;
}

/** One message as users would see it (the latest version, after edits). */
export interface FakeMessage {
  readonly id: string;
  readonly channelId: string;
  readonly guildId: string | null;
  readonly kind: FakeMessageKind;
  /** The interaction whose reply or follow-up this is. */
  readonly interactionId: string | null;
  /** The user who wrote it (`postUserMessage`); absent: the bot's own message. */
  authorId?: string;
  content: string;
  embeds: APIEmbed[];
  attachments: FakeAttachment[];
  components: unknown[];
  allowedMentions: APIAllowedMentions | null;
  flags: number;
  readonly nonce: string | null;
  deleted: boolean;
  /** How many times it was edited after creation. */
  editCount: number;
  /** When it was created, on the fake's clock (ms). */
  readonly createdAt: number;
}

/** One choice of an autocomplete answer, as the bot sent it. */
export interface FakeChoice {
  readonly name: string;
  readonly value: string | number;
}

/** An interaction the fake dispatched (or seeded) and its acknowledgement state. */
export interface FakeInteraction {
  readonly id: string;
  readonly token: string;
  readonly applicationId: string;
  /** 2 application command, 3 message component, 4 application command autocomplete, 5 modal submit. */
  readonly type: 2 | 3 | 4 | 5;
  readonly channelId: string;
  readonly guildId: string | null;
  readonly userId: string;
  /** The message a button sits on (type 3). */
  readonly sourceMessageId: string | null;
  /** Callback type the bot answered with (4, 5, 6, 7; 8 for autocomplete; 9 a modal), once acknowledged. */
  callbackType: number | null;
  /** The modal the bot answered with (callback type 9), which the user may then submit. */
  modal: FakeModal | null;
  /** Autocomplete (type 4): the type of the option being typed in (3 string, 4 integer, 10 number); null otherwise. */
  readonly focusedOptionType: number | null;
  /** Autocomplete: the choices the bot answered with (type 8), once it answered. */
  autocompleteChoices: readonly FakeChoice[] | null;
  /** Flags of the acknowledgement (64 = ephemeral). */
  callbackFlags: number;
  originalMessageId: string | null;
  /** Expired tokens answer 10062 on callback and 50027 on webhook routes. */
  expired: boolean;
  /** When Discord created it, on the fake's clock (ms): the 3-second and 15-minute deadlines count from here. */
  readonly createdAt: number;
}

/** One REST request the fake received (the bot token is never stored). */
export interface RecordedRequest {
  readonly method: string;
  /** Decoded path below `/api/v10`, e.g. `/channels/1/messages`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Whether an Authorization header was sent. */
  readonly authorized: boolean;
  /** JSON body, or `payload_json` of a multipart body. */
  readonly body: unknown;
  readonly files: readonly FakeAttachment[];
  /** Status the fake answered with. */
  status: number;
  /** Discord error code the fake answered with, if any. */
  errorCode: number | null;
  /** For a 50035 refusal, Discord's `errors` object naming each refused field. */
  formErrors: unknown;
}

/** A failure to inject into matching REST requests (to simulate 5xx or odd codes). */
export interface InjectedFailure {
  readonly method?: string;
  readonly path: RegExp;
  readonly status: number;
  readonly code?: number;
  /** How many matching requests fail; then the route works again. */
  remaining: number;
}

/** Discord's upload limit for a boost tier (2025+: 10 MiB base, 50 MiB tier 2, 100 MiB tier 3). */
export function uploadLimitForTier(tier: number): number {
  const mib = 1024 * 1024;
  if (tier >= 3) return 100 * mib;
  if (tier === 2) return 50 * mib;
  return 10 * mib;
}

/** Discord error status and text for the codes the fake answers with. */
export const DISCORD_ERRORS: Readonly<Record<number, { status: number; message: string }>> = {
  10003: { status: 404, message: 'Unknown Channel' },
  10004: { status: 404, message: 'Unknown Guild' },
  10008: { status: 404, message: 'Unknown Message' },
  10015: { status: 404, message: 'Unknown Webhook' },
  10062: { status: 404, message: 'Unknown interaction' },
  50005: { status: 403, message: 'Cannot edit a message authored by another user' },
  50109: { status: 400, message: 'The request body contains invalid JSON.' },
  40005: { status: 413, message: 'Request entity too large' },
  40060: { status: 400, message: 'Interaction has already been acknowledged.' },
  50001: { status: 403, message: 'Missing Access' },
  50013: { status: 403, message: 'Missing Permissions' },
  50027: { status: 401, message: 'Invalid Webhook Token' },
};
