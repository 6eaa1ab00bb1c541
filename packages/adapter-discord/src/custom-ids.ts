import { REQUEST_STATUSES, type RequestStatus } from '@veo-bot/core';

/** Prefix of the Retry button's `custom_id` (RTY-6). */
export const RETRY_CUSTOM_ID_PREFIX = 'veo:retry:';

/** Prefix of the Again button's `custom_id` on a delivered video. */
export const AGAIN_CUSTOM_ID_PREFIX = 'veo:again:';

/** Prefix of the Cancel button's `custom_id` on a queued request's status message. */
export const CANCEL_CUSTOM_ID_PREFIX = 'veo:cancel:';

/** Prefix of the Extend button's `custom_id` on a delivered video. */
export const EXTEND_CUSTOM_ID_PREFIX = 'veo:extend:';

/** Prefix of the Extend modal's `custom_id` (the continuation prompt of a request). */
export const EXTEND_MODAL_CUSTOM_ID_PREFIX = 'veo:extendp:';

/** Prefix of the `/veo` prompt modal's `custom_id` (a draft id follows). */
export const PROMPT_MODAL_CUSTOM_ID_PREFIX = 'veo:prompt:';

/** Prefix of the `/veo-history` page buttons' `custom_id`. */
export const HISTORY_CUSTOM_ID_PREFIX = 'veo:hist:';

/** Prefix of the `/veo-forget-me` confirm button's `custom_id`. */
export const FORGET_CUSTOM_ID_PREFIX = 'veo:forget:';

/** What every veo-bot `custom_id` starts with: an unknown one after it is stale or forged. */
export const VEO_CUSTOM_ID_PREFIX = 'veo:';

/** Discord's limit for a component `custom_id`. */
export const MAX_CUSTOM_ID_LENGTH = 100;

/** Which page of whose history, with which filter: everything a page button needs, so it works after a restart. */
export interface HistoryPageState {
  /** The user who asked; only they may page. */
  readonly ownerId: string;
  readonly status: RequestStatus | null;
  /** 1-based. */
  readonly page: number;
}

const MAX_PAGE = 1_000_000;

function fits(id: string): string {
  if (id.length > MAX_CUSTOM_ID_LENGTH) throw new RangeError(`custom_id longer than ${MAX_CUSTOM_ID_LENGTH} characters`);
  return id;
}

/** The Retry button's `custom_id` for a request; throws if the id would not fit (a bug). */
export function retryCustomId(requestId: string): string {
  return fits(`${RETRY_CUSTOM_ID_PREFIX}${requestId}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be a request id (a UUID): anything else must never reach the database. */
export function isRequestId(id: string): boolean {
  return UUID.test(id);
}

function requestIdAfter(prefix: string, customId: string): string | null {
  if (!customId.startsWith(prefix)) return null;
  const id = customId.slice(prefix.length);
  return isRequestId(id) ? id.toLowerCase() : null;
}

/** The request id of a Retry button's `custom_id`, or null when it is not a valid one. */
export function parseRetryCustomId(customId: string): string | null {
  return requestIdAfter(RETRY_CUSTOM_ID_PREFIX, customId);
}

/** The Again button's `custom_id` for a delivered request; throws if the id would not fit (a bug). */
export function againCustomId(requestId: string): string {
  return fits(`${AGAIN_CUSTOM_ID_PREFIX}${requestId}`);
}

/** The request id of an Again button's `custom_id`, or null when it is not a valid one. */
export function parseAgainCustomId(customId: string): string | null {
  return requestIdAfter(AGAIN_CUSTOM_ID_PREFIX, customId);
}

/** The Cancel button's `custom_id` for a queued request; throws if the id would not fit (a bug). */
export function cancelCustomId(requestId: string): string {
  return fits(`${CANCEL_CUSTOM_ID_PREFIX}${requestId}`);
}

/** The request id of a Cancel button's `custom_id`, or null when it is not a valid one. */
export function parseCancelCustomId(customId: string): string | null {
  return requestIdAfter(CANCEL_CUSTOM_ID_PREFIX, customId);
}

/** The Extend button's `custom_id` for a delivered request; throws if the id would not fit (a bug). */
export function extendCustomId(requestId: string): string {
  return fits(`${EXTEND_CUSTOM_ID_PREFIX}${requestId}`);
}

/** The request id of an Extend button's `custom_id`, or null when it is not a valid one. */
export function parseExtendCustomId(customId: string): string | null {
  return requestIdAfter(EXTEND_CUSTOM_ID_PREFIX, customId);
}

/** The Extend modal's `custom_id` for a request; throws if the id would not fit (a bug). */
export function extendModalCustomId(requestId: string): string {
  return fits(`${EXTEND_MODAL_CUSTOM_ID_PREFIX}${requestId}`);
}

/** The request id of an Extend modal's `custom_id`, or null when it is not a valid one. */
export function parseExtendModalCustomId(customId: string): string | null {
  return requestIdAfter(EXTEND_MODAL_CUSTOM_ID_PREFIX, customId);
}

const DRAFT_ID = /^[A-Za-z0-9_-]{16}$/;

/** The prompt modal's `custom_id` for a `/veo` draft (`veo:prompt:<draftId>`); throws if it would not fit (a bug). */
export function promptModalCustomId(draftId: string): string {
  return fits(`${PROMPT_MODAL_CUSTOM_ID_PREFIX}${draftId}`);
}

/** The draft id of a prompt modal's `custom_id`, or null when it is not a well-formed one (it may still be unknown or expired). */
export function parsePromptModalCustomId(customId: string): string | null {
  if (!customId.startsWith(PROMPT_MODAL_CUSTOM_ID_PREFIX)) return null;
  const id = customId.slice(PROMPT_MODAL_CUSTOM_ID_PREFIX.length);
  return DRAFT_ID.test(id) ? id : null;
}

/** `veo:hist:<ownerId>:<status|*>:<page>`; throws if it would not fit (a bug). */
export function historyCustomId(state: HistoryPageState): string {
  return fits(`${HISTORY_CUSTOM_ID_PREFIX}${state.ownerId}:${state.status ?? '*'}:${state.page}`);
}

/** The state of a history page button's `custom_id`, or null when it is not a valid one. */
export function parseHistoryCustomId(customId: string): HistoryPageState | null {
  if (!customId.startsWith(HISTORY_CUSTOM_ID_PREFIX)) return null;
  const [ownerId, status, page, ...rest] = customId.slice(HISTORY_CUSTOM_ID_PREFIX.length).split(':');
  if (rest.length > 0 || !ownerId || !/^\d{1,20}$/.test(ownerId) || !page || !/^\d{1,7}$/.test(page)) return null;
  const pageNumber = Number(page);
  if (pageNumber < 1 || pageNumber > MAX_PAGE) return null;
  if (status === '*') return { ownerId, status: null, page: pageNumber };
  const known = REQUEST_STATUSES.find((s) => s === status);
  return known ? { ownerId, status: known, page: pageNumber } : null;
}

/** Whose erasure a confirm button confirms, and when it was offered (from Discord's own interaction time). */
export interface ForgetConfirmState {
  /** The user who asked; only they may confirm, and only their own data is ever erased. */
  readonly ownerId: string;
  /** When `/veo-forget-me` was used, in whole seconds since the epoch. */
  readonly issuedAtSeconds: number;
}

/** `veo:forget:<ownerId>:<issuedAtSeconds>`; throws if it would not fit (a bug). */
export function forgetCustomId(state: ForgetConfirmState): string {
  return fits(`${FORGET_CUSTOM_ID_PREFIX}${state.ownerId}:${state.issuedAtSeconds}`);
}

/** The state of a confirm button's `custom_id`, or null when it is not a valid one. */
export function parseForgetCustomId(customId: string): ForgetConfirmState | null {
  if (!customId.startsWith(FORGET_CUSTOM_ID_PREFIX)) return null;
  const [ownerId, issued, ...rest] = customId.slice(FORGET_CUSTOM_ID_PREFIX.length).split(':');
  if (rest.length > 0 || !ownerId || !/^\d{1,20}$/.test(ownerId) || !issued || !/^\d{1,11}$/.test(issued)) return null;
  return { ownerId, issuedAtSeconds: Number(issued) };
}
