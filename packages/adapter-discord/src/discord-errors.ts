import { DiscordAPIError, HTTPError } from 'discord.js';

/** How a failed Discord call should be handled. */
export type DiscordFailureKind =
  /** The interaction token is expired or unknown: use the channel instead. */
  | 'token-expired'
  /** Channel gone or no permission: retrying will not help. */
  | 'undeliverable'
  /** The upload is over the limit: send a link instead. */
  | 'too-large'
  /** Discord refused the message for its form (400, 50035 Invalid Form Body and friends): the same message will never pass. */
  | 'invalid-payload'
  /** Anything else (5xx, network, rate limits, unexpected answers): may work later. */
  | 'transient';

/** A classified failure with a short detail for logs and results. */
export interface DiscordFailure {
  readonly kind: DiscordFailureKind;
  readonly detail: string;
  readonly code: number | string | null;
  readonly status: number | null;
}

/** Codes meaning the interaction token can no longer be used (10062, 50027, 10015). */
export const TOKEN_EXPIRED_CODES: ReadonlySet<number> = new Set([10062, 50027, 10015]);
/** Codes meaning the bot cannot reach the channel or user (10003, 50001, 50013, 50007). */
export const UNDELIVERABLE_CODES: ReadonlySet<number> = new Set([10003, 50001, 50013, 50007]);
/** Discord's "Request entity too large". */
export const TOO_LARGE_CODE = 40005;

/**
 * Codes meaning Discord refuses the message itself, so sending it again can never work — from
 * Discord's JSON error codes (discord.com/developers/docs/topics/opcodes-and-status-codes#json,
 * as listed by discord-api-types 0.38 `RESTJSONErrorCodes`, checked 2026-12-01): 50035 Invalid
 * Form Body, 50006 empty message, 50109 invalid JSON, 50046 / 50110 / 50123 invalid file,
 * 50068 invalid message type, 50081 invalid sticker, 20009 explicit content, 200000 / 200001
 * blocked by AutoMod, 240000 blocked by the harmful-links filter.
 */
export const PAYLOAD_REFUSED_CODES: ReadonlySet<number> = new Set([50035, 50006, 50109, 50046, 50110, 50123, 50068, 50081, 20009, 200000, 200001, 240000]);

/**
 * Classifies an error thrown by `@discordjs/rest`. `onWebhook` says whether the call used
 * an interaction token (there a 401 means the token expired, not that the bot token is bad).
 */
export function classifyDiscordError(error: unknown, onWebhook: boolean): DiscordFailure {
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : Number(error.code);
    const base = { code: error.code, status: error.status, detail: `${error.message} (${String(error.code)}, HTTP ${error.status})` };
    if (onWebhook && (TOKEN_EXPIRED_CODES.has(code) || error.status === 401)) return { kind: 'token-expired', ...base };
    if (UNDELIVERABLE_CODES.has(code)) return { kind: 'undeliverable', ...base };
    if (code === TOO_LARGE_CODE || error.status === 413) return { kind: 'too-large', ...base };
    // Any other 400 is about the request too: Discord answers it the same way every time.
    if (PAYLOAD_REFUSED_CODES.has(code) || error.status === 400) return { kind: 'invalid-payload', ...base };
    return { kind: 'transient', ...base };
  }
  if (error instanceof HTTPError) {
    const kind = error.status === 413 ? 'too-large' : error.status === 400 ? 'invalid-payload' : 'transient';
    return { kind, code: null, status: error.status, detail: `${error.message} (HTTP ${error.status})` };
  }
  return { kind: 'transient', code: null, status: null, detail: error instanceof Error ? error.message : String(error) };
}
