/**
 * Vertex AI's `personGeneration` safety setting for Veo: whether people may appear in the video.
 * Values as documented for `predictLongRunning` parameters (checked 2026-12-03:
 * cloud.google.com/vertex-ai/generative-ai/docs/model-reference/veo-video-generation and the
 * Responsible AI page, cloud.google.com/vertex-ai/generative-ai/docs/video/responsible-ai-and-usage-guidelines):
 * `dont_allow` (no people or faces), `allow_adult` (adults only; Google's default when the
 * parameter is absent), `allow_all` (people of all ages; only for projects Google has approved —
 * others get a "child" safety refusal, support codes 58061214 / 17301594).
 */
export type PersonGeneration = 'dont_allow' | 'allow_adult' | 'allow_all';

/** Every value, strictest first. */
export const PERSON_GENERATION_VALUES: readonly PersonGeneration[] = ['dont_allow', 'allow_adult', 'allow_all'];

/** What Google applies when the parameter is not sent. */
export const GOOGLE_DEFAULT_PERSON_GENERATION: PersonGeneration = 'allow_adult';

/** Whether `value` is one of Vertex's values. */
export function isPersonGeneration(value: unknown): value is PersonGeneration {
  return typeof value === 'string' && (PERSON_GENERATION_VALUES as readonly string[]).includes(value);
}

const rank = (value: PersonGeneration | null) => PERSON_GENERATION_VALUES.indexOf(value ?? GOOGLE_DEFAULT_PERSON_GENERATION);

/** Whether `value` allows more than `ceiling` (null on either side: Google's default). */
export function morePermissive(value: PersonGeneration | null, ceiling: PersonGeneration | null): boolean {
  return rank(value) > rank(ceiling);
}

/**
 * The stricter of two settings; null (Google's default) stays null unless the other is stricter,
 * so a request nobody restricted is sent exactly as before.
 */
export function stricterPersonGeneration(a: PersonGeneration | null, b: PersonGeneration | null): PersonGeneration | null {
  return rank(b) < rank(a) ? b : a;
}

/** How each value reads in settings views. */
export const PERSON_GENERATION_LABELS: Readonly<Record<PersonGeneration, string>> = {
  dont_allow: 'no people or faces',
  allow_adult: 'adults only',
  allow_all: 'people of all ages',
};
