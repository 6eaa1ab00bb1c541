import { INVALID_FORM_BODY, formErrorTree, type FieldError } from './form-errors.js';
import { discordSpecValidator } from './openapi-validator.js';

/** The description's `data` of an autocomplete answer for each focused option type (3 string, 4 integer, 10 number). */
const DATA_SCHEMAS: Readonly<Record<number, string>> = {
  3: 'InteractionApplicationCommandAutocompleteCallbackStringData',
  4: 'InteractionApplicationCommandAutocompleteCallbackIntegerData',
  10: 'InteractionApplicationCommandAutocompleteCallbackNumberData',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The refusals of an autocomplete answer's `data` for the option being typed in. The
 * description allows any of its three `data` shapes (a union it cannot tell apart), but Discord
 * knows which option is focused and takes only the shape of that option's type — string values
 * for a string option, integers for an integer one — so `data` is checked against that branch
 * of the description alone. Null when `body` is not an autocomplete answer (type 8) with a
 * `data` object, or the option's type is unknown: the description's own check then stands.
 */
export function autocompleteDataErrors(focusedOptionType: number | null, body: unknown): FieldError[] | null {
  const schema = focusedOptionType === null ? undefined : DATA_SCHEMAS[focusedOptionType];
  if (!schema || !isObject(body) || body['type'] !== 8 || !isObject(body['data'])) return null;
  return discordSpecValidator().checkSchema(schema, body['data']).map((e) => ({ ...e, path: ['data', ...e.path] }));
}

/**
 * What the fake answers a callback whose type does not fit the interaction: an autocomplete
 * interaction (type 4) takes only an autocomplete result (callback type 8), and only it takes
 * one — Discord's "Interaction Callback Type" table (interactions/receiving-and-responding)
 * describes 8 as the answer "to an autocomplete interaction with suggested choices" and no other
 * type as one. Discord documents no error for a mismatch; the fake's 400 / 50035 naming `type`
 * is our reading. Null when the type fits.
 */
export function callbackTypeRefusal(interactionType: number, callbackType: number): { status: number; json: unknown } | null {
  const autocomplete = interactionType === 4;
  if (autocomplete === (callbackType === 8)) return null;
  const message = autocomplete ? 'Value must be one of (8).' : 'An autocomplete result (8) answers autocomplete interactions only.';
  const errors = formErrorTree([{ path: ['type'], code: autocomplete ? 'BASE_TYPE_CHOICES' : 'INTERACTION_CALLBACK_TYPE_INVALID', message }]);
  return { status: INVALID_FORM_BODY.status, json: { code: INVALID_FORM_BODY.code, message: INVALID_FORM_BODY.message, errors } };
}
