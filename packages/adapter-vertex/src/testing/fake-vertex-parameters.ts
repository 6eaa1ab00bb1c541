/**
 * What Vertex refuses in a Veo start's `parameters`, as far as veo-bot sends them. Values from the
 * Veo API reference (checked 2026-12-03, cloud.google.com/vertex-ai/generative-ai/docs/model-reference/veo-video-generation):
 * `personGeneration` is one of `dont_allow`, `allow_adult`, `allow_all`; anything else is a 400
 * INVALID_ARGUMENT. (`allow_all` itself is accepted; content with children is refused by the
 * safety filters later unless the project is approved, which the fake does not model.)
 */
const PERSON_GENERATION = new Set(['dont_allow', 'allow_adult', 'allow_all']);

/** The 400 message Vertex would answer `parameters` with; null when they pass. */
export function parametersProblem(parameters: Readonly<Record<string, unknown>>): string | null {
  const person = parameters['personGeneration'];
  if (person !== undefined && (typeof person !== 'string' || !PERSON_GENERATION.has(person))) {
    return `Invalid value for personGeneration: ${JSON.stringify(person)}. Supported values: dont_allow, allow_adult, allow_all.`;
  }
  return null;
}
