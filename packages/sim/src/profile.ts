import type { SimRandom } from './random.js';

/** Per start and per poll odds of the simulated Vertex AI. */
export interface VertexProfile {
  readonly quota: number;
  readonly transient: number;
  readonly rejected: number;
  /** Connection reset before Google got the start: nothing billed, outcome unknown to core. */
  readonly lostBeforeAccept: number;
  /** Google accepted (billed) but the answer was lost. */
  readonly lostAfterAccept: number;
  readonly opFailed: number;
  readonly filtered: number;
  readonly expired: number;
  /** An operation slower than core's 5-minute generation timeout. */
  readonly slow: number;
  readonly pollError: number;
}

/** Per REST call odds of the simulated Discord. */
export interface DiscordProfile {
  readonly serverError: number;
  /** The message was posted but the answer never came back. */
  readonly lostAnswer: number;
}

/** Everything drawn once per seed about a world's size and its faults. */
export interface Profile {
  readonly instances: number;
  readonly requests: number;
  readonly clicks: number;
  /** Window in which submits, clicks and process/database faults happen. */
  readonly activityMs: number;
  readonly kills: number;
  readonly stops: number;
  readonly outages: number;
  readonly jumps: number;
  readonly channelFaults: number;
  /** Extra crashes at random await points, at most this many. */
  readonly callCrashes: number;
  readonly crashPerCall: number;
  readonly delayChance: number;
  readonly longDelayChance: number;
  readonly lostDbAnswer: number;
  readonly vertex: VertexProfile;
  readonly discord: DiscordProfile;
}

/** Draws a world: some seeds calm, some stormy (`storm` scales every transient fault). */
export function drawProfile(r: SimRandom): Profile {
  const storm = r.next() * 1.5;
  return {
    instances: r.int(1, 3),
    requests: r.int(3, 12),
    clicks: r.int(0, 4),
    activityMs: r.int(5, 25) * 60_000,
    kills: r.int(0, 3),
    stops: r.int(0, 2),
    outages: r.int(0, 2),
    jumps: r.chance(0.3) ? r.int(1, 2) : 0,
    channelFaults: r.chance(0.3) ? 1 : 0,
    callCrashes: r.int(0, 2),
    crashPerCall: 0.004,
    delayChance: 0.05 + 0.25 * r.next(),
    longDelayChance: r.chance(0.5) ? 0.004 : 0,
    lostDbAnswer: r.chance(0.4) ? 0.004 * storm : 0,
    vertex: {
      quota: 0.08 * storm,
      transient: 0.05 * storm,
      rejected: 0.03,
      lostBeforeAccept: 0.02 * storm,
      lostAfterAccept: 0.03 * storm,
      opFailed: 0.04,
      filtered: 0.04,
      expired: 0.02,
      slow: 0.04,
      pollError: 0.05 * storm,
    },
    discord: { serverError: 0.06 * storm, lostAnswer: 0.03 * storm },
  };
}
