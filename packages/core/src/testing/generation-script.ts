/**
 * How a scripted generation behaves: shared by the in-memory ScriptedVideoGenerator and the
 * fake Vertex HTTP server in adapter-vertex, so one contract suite drives both.
 */
export type GenerationScript =
  /** Succeeds after `afterPolls` running answers, writing one video of `sizeBytes`. */
  | { readonly outcome: 'succeed'; readonly afterPolls?: number; readonly sizeBytes?: number }
  /** Ends with Vertex's error `message` after `afterPolls` running answers. */
  | { readonly outcome: 'fail'; readonly message: string; readonly afterPolls?: number }
  /** Ends with every video removed by safety filters. */
  | { readonly outcome: 'filtered'; readonly reason?: string; readonly afterPolls?: number }
  /** The operation disappears: polls answer 404. */
  | { readonly outcome: 'expire'; readonly afterPolls?: number }
  /** The start is refused with 429 `times` times, then behaves as `then`. */
  | { readonly outcome: 'quota'; readonly times: number; readonly then: GenerationScript }
  /** The start is refused with a 400 (bad request). */
  | { readonly outcome: 'reject'; readonly message: string };
