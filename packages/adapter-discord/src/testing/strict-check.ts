import { autocompleteDataErrors } from './autocomplete-rules.js';
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
 * `state.focusedOptionType`: for the callback of an autocomplete interaction, the type of the
 * option being typed in, which picks the one `data` shape of the description that applies.
 */
export function checkAgainstDiscord(request: Pick<RecordedRequest, 'method' | 'path' | 'query' | 'body'>, malformed: boolean, state: { readonly focusedOptionType?: number | null } = {}): Refusal | null {
  if (malformed) return { status: 400, json: { code: 50109, message: 'The request body contains invalid JSON.' } };
  const verdict = discordSpecValidator().check(request);
  if (!verdict.operation) return null;
  const operationId = verdict.operation.operationId;
  const precise = operationId === 'create_interaction_response' ? autocompleteDataErrors(state.focusedOptionType ?? null, request.body) : null;
  const specErrors = precise ? [...verdict.errors.filter((e) => e.path[0] !== 'data'), ...precise] : verdict.errors;
  const seen = new Set(specErrors.map((e) => e.path.join('.')));
  const extra = extraLimitErrors(operationId, request.body).filter((e) => !seen.has(e.path.join('.')));
  const errors = [...specErrors, ...extra];
  if (errors.length === 0) return null;
  return { status: INVALID_FORM_BODY.status, json: { code: INVALID_FORM_BODY.code, message: INVALID_FORM_BODY.message, errors: formErrorTree(errors) } };
}
