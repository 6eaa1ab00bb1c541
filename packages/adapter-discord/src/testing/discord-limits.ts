import type { FieldError } from './form-errors.js';

/**
 * The rules Discord enforces that its OpenAPI description leaves out (checked 2026-12-01 against
 * discord.com/developers/docs — resources/message "Embed Limits", interactions/message-components,
 * interactions/application-commands "Application Command Naming"):
 * - `content` of a bot message ≤ 2,000 characters (the description says 4,000 for channel posts);
 * - the embeds of one message together ≤ 6,000 characters (title, description, field names
 *   and values, footer text, author name);
 * - without the Components V2 flag, at most 5 top-level components, all action rows;
 * - command and option names match `^[-_\p{L}\p{N}]{1,32}$`, in lower case (chat input commands);
 * - required options come before optional ones;
 * - an option with `autocomplete: true` has no `choices` (interactions/application-commands,
 *   "Application Command Option Structure": "`autocomplete` may not be set to true if `choices`
 *   are present"; the refusal's code and wording are ours, Discord documents none);
 * - a string choice value — of an option or of an autocomplete answer — is at most 100
 *   characters ("Application Command Option Choice Structure": "up to 100 characters if
 *   string"; the description says 6,000);
 * - a USER or MESSAGE command (type 2, 3) has an empty description and no options
 *   ("Application Command Structure": description "Empty string for USER and MESSAGE commands",
 *   options "CHAT_INPUT" only; the codes and wording are ours, Discord documents none). Its name
 *   may have capitals and spaces; the description's 1–32 characters check it.
 */
export const EXTRA_LIMITS = { content: 2000, embedTotal: 6000, actionRows: 5, choiceValue: 100 } as const;

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const IS_COMPONENTS_V2 = 1 << 15;
const MESSAGE_OPERATIONS = new Set(['create_message', 'update_message', 'execute_webhook', 'update_original_webhook_message', 'update_webhook_message']);
const COMMAND_LIST_OPERATIONS = new Set(['bulk_set_application_commands', 'bulk_set_guild_application_commands']);
const COMMAND_OPERATIONS = new Set(['create_application_command', 'create_guild_application_command']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const len = (v: unknown): number => (typeof v === 'string' ? [...v].length : 0);

/** Characters Discord counts towards the 6,000 of a message's embeds. */
export function embedCharacters(embeds: readonly unknown[]): number {
  let total = 0;
  for (const embed of embeds) {
    if (!isObject(embed)) continue;
    total += len(embed['title']) + len(embed['description']);
    if (isObject(embed['footer'])) total += len(embed['footer']['text']);
    if (isObject(embed['author'])) total += len(embed['author']['name']);
    for (const field of Array.isArray(embed['fields']) ? embed['fields'] : []) if (isObject(field)) total += len(field['name']) + len(field['value']);
  }
  return total;
}

function messageLimits(body: unknown, at: readonly string[]): FieldError[] {
  if (!isObject(body)) return [];
  const errors: FieldError[] = [];
  if (len(body['content']) > EXTRA_LIMITS.content) errors.push({ path: [...at, 'content'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${EXTRA_LIMITS.content} or fewer in length.` });
  if (Array.isArray(body['embeds']) && embedCharacters(body['embeds']) > EXTRA_LIMITS.embedTotal) {
    errors.push({ path: [...at, 'embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${EXTRA_LIMITS.embedTotal}` });
  }
  const flags = typeof body['flags'] === 'number' ? body['flags'] : 0;
  const components = Array.isArray(body['components']) ? body['components'] : [];
  if ((flags & IS_COMPONENTS_V2) === 0) {
    if (components.length > EXTRA_LIMITS.actionRows) errors.push({ path: [...at, 'components'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${EXTRA_LIMITS.actionRows} or fewer in length.` });
    components.forEach((row, i) => {
      if (isObject(row) && row['type'] !== 1) errors.push({ path: [...at, 'components', String(i)], code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', message: 'Only action rows may be top-level components without the Components V2 flag.' });
    });
  }
  return errors;
}

function choiceValueLimits(choices: unknown, at: readonly string[]): FieldError[] {
  if (!Array.isArray(choices)) return [];
  return choices.flatMap((choice, i) =>
    isObject(choice) && len(choice['value']) > EXTRA_LIMITS.choiceValue
      ? [{ path: [...at, String(i), 'value'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${EXTRA_LIMITS.choiceValue} or fewer in length.` }]
      : [],
  );
}

function optionLimits(options: unknown, at: readonly string[]): FieldError[] {
  if (!Array.isArray(options)) return [];
  const errors: FieldError[] = [];
  let optionalSeen = false;
  let misordered = false;
  options.forEach((option, i) => {
    if (!isObject(option)) return;
    const name = option['name'];
    if (typeof name === 'string' && (!NAME.test(name) || name !== name.toLowerCase())) {
      errors.push({ path: [...at, String(i), 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    }
    const nested = option['type'] === 1 || option['type'] === 2;
    const choices = option['choices'];
    if (option['autocomplete'] === true && Array.isArray(choices) && choices.length > 0) {
      errors.push({ path: [...at, String(i), 'choices'], code: 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES', message: 'Autocomplete cannot be enabled on an option with choices.' });
    }
    errors.push(...choiceValueLimits(choices, [...at, String(i), 'choices']));
    if (nested) errors.push(...optionLimits(option['options'], [...at, String(i), 'options']));
    else if (option['required'] === true && optionalSeen) misordered = true;
    else if (option['required'] !== true) optionalSeen = true;
  });
  if (misordered) errors.push({ path: at, code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
  return errors;
}

function commandLimits(command: unknown, at: readonly string[]): FieldError[] {
  if (!isObject(command)) return [];
  const errors: FieldError[] = [];
  const name = command['name'];
  const chatInput = command['type'] === undefined || command['type'] === null || command['type'] === 1;
  if (chatInput && typeof name === 'string' && (!NAME.test(name) || name !== name.toLowerCase())) {
    errors.push({ path: [...at, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
  }
  if (!chatInput) {
    if (typeof command['description'] === 'string' && command['description'] !== '') errors.push({ path: [...at, 'description'], code: 'CONTEXT_MENU_COMMAND_DESCRIPTION', message: 'Context menu commands cannot have a description.' });
    if (Array.isArray(command['options']) && command['options'].length > 0) errors.push({ path: [...at, 'options'], code: 'CONTEXT_MENU_COMMAND_OPTIONS', message: 'Context menu commands cannot have options.' });
  }
  return [...errors, ...optionLimits(command['options'], [...at, 'options'])];
}

/** The refusals of {@link EXTRA_LIMITS} for a request body of `operationId`. */
export function extraLimitErrors(operationId: string, body: unknown): FieldError[] {
  if (MESSAGE_OPERATIONS.has(operationId)) return messageLimits(body, []);
  if (operationId === 'create_interaction_response' && isObject(body) && (body['type'] === 4 || body['type'] === 7)) return messageLimits(body['data'], ['data']);
  if (operationId === 'create_interaction_response' && isObject(body) && body['type'] === 8 && isObject(body['data'])) return choiceValueLimits(body['data']['choices'], ['data', 'choices']);
  if (COMMAND_LIST_OPERATIONS.has(operationId) && Array.isArray(body)) return body.flatMap((c, i) => commandLimits(c, [String(i)]));
  if (COMMAND_OPERATIONS.has(operationId)) return commandLimits(body, []);
  return [];
}
