import { extraLimitErrors } from './discord-limits.js';
import { INVALID_FORM_BODY, formErrorTree } from './form-errors.js';
import { discordSpecValidator } from './openapi-validator.js';
import type { RecordedRequest } from './fake-state.js';

/** A refusal in Discord's shape. */
export interface Refusal {
  readonly status: number;
  readonly json: { readonly code: number; readonly message: string; readonly errors?: unknown };
}

/**
 * What Discord would answer a request for its form alone, or null when it would accept it:
 * 50109 for a body that is not JSON, else 400 / 50035 "Invalid Form Body" with `errors` naming
 * every field that breaks Discord's OpenAPI description or one of the limits it leaves out.
 */
export function checkAgainstDiscord(request: Pick<RecordedRequest, 'method' | 'path' | 'query' | 'body'>, malformed: boolean): Refusal | null {
  if (malformed) return { status: 400, json: { code: 50109, message: 'The request body contains invalid JSON.' } };
  const verdict = discordSpecValidator().check(request);
  if (!verdict.operation) return null;
  const seen = new Set(verdict.errors.map((e) => e.path.join('.')));
  const extra = extraLimitErrors(verdict.operation.operationId, request.body).filter((e) => !seen.has(e.path.join('.')));
  const errors = [...verdict.errors, ...extra];
  if (errors.length === 0) return null;
  return { status: INVALID_FORM_BODY.status, json: { code: INVALID_FORM_BODY.code, message: INVALID_FORM_BODY.message, errors: formErrorTree(errors) } };
}
