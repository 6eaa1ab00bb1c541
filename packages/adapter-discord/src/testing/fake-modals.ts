import { INVALID_FORM_BODY, formErrorTree } from './form-errors.js';

/** A modal the bot answered an interaction with (callback type 9), as it sent it. */
export interface FakeModal {
  readonly customId: string;
  readonly title: string;
  /** Top-level components as sent: labels (18), action rows (1) of text inputs, text displays (10). */
  readonly components: readonly unknown[];
}

/** A user filling in and submitting a modal the bot showed. */
export interface ModalSubmitInjection {
  /** The interaction the bot answered with the modal. */
  readonly from: { readonly token: string };
  /** The text inputs' values by their `custom_id`; an input left out is submitted as the bot pre-filled it (`value`), else empty. */
  readonly values: Readonly<Record<string, string>>;
  /** Who submits (default: whoever the modal was shown to; a modal is only ever shown to them). */
  readonly userId?: string;
  /**
   * Sent as `data.custom_id` instead of the modal's own: a modal an earlier process showed (its
   * draft gone with it) or a forged interaction. Discord itself only sends what the bot set.
   */
  readonly customId?: string;
  readonly memberPermissions?: bigint | string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Discord's text input defaults (interactions/message-components "Text Input", checked 2026-12-03). */
const TEXT_INPUT_MAX = 4000;

/**
 * What the fake answers a callback that answers with a modal where Discord does not take one:
 * a modal answers a slash command or a component click, never a modal submit (the user cannot be
 * shown a form in answer to a form) nor an autocomplete (Discord's "Interaction Callback Type"
 * table: MODAL "not available for MODAL_SUBMIT and PING interactions"). The 400 / 50035 naming
 * `type` is our reading; Discord documents no error code for it. Null when allowed.
 */
export function modalCallbackRefusal(interactionType: number, callbackType: number): { status: number; json: unknown } | null {
  if (callbackType !== 9 || (interactionType !== 5 && interactionType !== 4)) return null;
  const errors = formErrorTree([{ path: ['type'], code: 'INTERACTION_CALLBACK_TYPE_INVALID', message: 'A modal cannot answer this interaction type.' }]);
  return { status: INVALID_FORM_BODY.status, json: { code: INVALID_FORM_BODY.code, message: INVALID_FORM_BODY.message, errors } };
}

/** The modal of a type 9 callback body (the spec check has passed: `data` has these fields). */
export function modalOf(data: unknown): FakeModal {
  const d = isObject(data) ? data : {};
  return { customId: String(d['custom_id']), title: String(d['title']), components: Array.isArray(d['components']) ? d['components'] : [] };
}

/**
 * A text input's submitted value, checked as Discord's client checks it before it lets the user
 * submit: a required input (the default) is not empty, and the value is within `min_length` and
 * `max_length` (default 4,000). A value the client would not send throws: a test bug.
 */
function submittedValue(input: Json, values: Readonly<Record<string, string>>): string {
  const id = String(input['custom_id']);
  const value = values[id] ?? (typeof input['value'] === 'string' ? input['value'] : '');
  const required = input['required'] !== false;
  const max = typeof input['max_length'] === 'number' ? input['max_length'] : TEXT_INPUT_MAX;
  const min = typeof input['min_length'] === 'number' ? input['min_length'] : 0;
  const length = [...value].length;
  if (required && length === 0) throw new Error(`FakeDiscord: text input ${id} is required; Discord would not let the user submit it empty`);
  if (length > max) throw new Error(`FakeDiscord: text input ${id} takes at most ${max} characters (got ${length}); Discord would not let the user submit it`);
  if (length > 0 && length < min) throw new Error(`FakeDiscord: text input ${id} takes at least ${min} characters (got ${length})`);
  return value;
}

/**
 * `data.components` of a MODAL_SUBMIT, shaped like the modal shown: a label (18) carries its
 * text input in `component`, an action row (1) its text inputs in `components`, each as
 * `{ type: 4, id, custom_id, value }`; a text display (10) comes back as itself. Components
 * without an `id` get Discord's sequential ones. Throws when `values` names an input the modal
 * does not have, or a value Discord's client would refuse.
 */
export function modalSubmitComponents(modal: FakeModal, values: Readonly<Record<string, string>>): Json[] {
  let next = 0;
  const idOf = (c: Json): number => (typeof c['id'] === 'number' ? c['id'] : (next += 1));
  const seen = new Set<string>();
  const textInput = (c: unknown): Json => {
    if (!isObject(c) || c['type'] !== 4) throw new Error('FakeDiscord: only text inputs can be filled in by this fake');
    seen.add(String(c['custom_id']));
    return { type: 4, id: idOf(c), custom_id: c['custom_id'], value: submittedValue(c, values) };
  };
  const out = modal.components.filter(isObject).map((c): Json => {
    const id = idOf(c);
    if (c['type'] === 18) return { type: 18, id, component: textInput(c['component']) };
    if (c['type'] === 1) return { type: 1, id, components: (Array.isArray(c['components']) ? c['components'] : []).map(textInput) };
    return { type: c['type'], id };
  });
  const unknown = Object.keys(values).filter((k) => !seen.has(k));
  if (unknown.length > 0) throw new Error(`FakeDiscord: the modal ${modal.customId} has no text input ${unknown.join(', ')}`);
  return out;
}
