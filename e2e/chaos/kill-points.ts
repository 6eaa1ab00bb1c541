import type { GenerationScript } from '@veo-bot/core/testing';
import type { ChaosWorld, Submitted } from '../support/chaos-world.js';
import type { SeededRandom } from '../support/seeded-random.js';

/** Where in a request's life the bot is killed. */
export type KillPoint = 'after-create' | 'start-accepted' | 'polling' | 'completed-unnotified' | 'sending-channel' | 'sending-followup';

/** Kill points whose outcome the product guarantees today (the follow-up send has a known gap). */
export const GUARANTEED_KILL_POINTS: readonly KillPoint[] = ['after-create', 'start-accepted', 'polling', 'completed-unnotified', 'sending-channel'];

/** A request steered towards a kill point. */
export interface Armed {
  readonly point: KillPoint;
  readonly request: Submitted;
  /** True once the request sits where the kill should land. */
  reached(): Promise<boolean>;
  /** Removes the steering (holds), so the next process runs normally. */
  disarm(): void;
}

const HOLD_MS = 20_000;

/**
 * Sends one `/veo` and steers it, through the fakes and proxies only, to `point`:
 * a start held before Vertex sees it, a start answer held after Vertex accepted it, a long
 * generation, Discord failing the final message for a moment, or the final message's answer held.
 */
export async function arm(world: ChaosWorld, point: KillPoint, prompt: string, rng: SeededRandom): Promise<Armed> {
  const script: GenerationScript = { outcome: 'succeed', afterPolls: point === 'polling' ? rng.int(3, 6) : rng.int(0, 1), sizeBytes: 256 * 1024 };
  world.google.script(prompt, script);
  const row = async () => (await world.row(request.requestId)) ?? null;
  let request: Submitted;
  switch (point) {
    case 'after-create': {
      world.vertex.holdBefore.set(prompt, HOLD_MS);
      request = await world.submit(prompt);
      return { point, request, reached: async () => (await row())?.status === 'pending', disarm: () => world.vertex.holdBefore.delete(prompt) };
    }
    case 'start-accepted': {
      world.vertex.holdAnswer.set(prompt, HOLD_MS);
      request = await world.submit(prompt);
      const held = async () => world.vertex.held('holding').includes(prompt) && (await row())?.status === 'pending';
      return { point, request, reached: held, disarm: () => world.vertex.holdAnswer.delete(prompt) };
    }
    case 'polling':
      request = await world.submit(prompt);
      return { point, request, reached: async () => (await row())?.status === 'generating', disarm: () => undefined };
    case 'completed-unnotified': {
      request = await world.submit(prompt);
      const token = request.interaction.token;
      world.discord.failRequests({ method: 'POST', path: new RegExp(`^/webhooks/\\d+/${token}$`), status: 503, times: 6 });
      const reached = async () => {
        const r = await row();
        return r?.status === 'completed' && r.notified_at === null;
      };
      return { point, request, reached, disarm: () => undefined };
    }
    case 'sending-channel':
    case 'sending-followup': {
      request = await world.submit(prompt);
      const user = request.userId;
      // An expired interaction token sends the final message down the channel route (nonce + enforce_nonce).
      if (point === 'sending-channel') world.discord.expireInteraction(request.interaction.token);
      world.discordFront.holdAnswersFor.set(user, HOLD_MS);
      return { point, request, reached: async () => world.discordFront.holdingFor(user), disarm: () => world.discordFront.holdAnswersFor.delete(user) };
    }
  }
}

/** A random script for background requests that keep the bot busy around the kills. */
export function fillerScript(rng: SeededRandom): GenerationScript {
  const roll = rng.next();
  if (roll < 0.7) return { outcome: 'succeed', afterPolls: rng.int(0, 3), sizeBytes: 128 * 1024 };
  if (roll < 0.85) return { outcome: 'fail', message: 'Internal error while generating', afterPolls: rng.int(0, 2) };
  return { outcome: 'filtered', reason: 'violence', afterPolls: rng.int(0, 1) };
}
