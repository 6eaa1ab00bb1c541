import type { RecordedRequest } from '@veo-bot/adapter-discord/testing';
import { eventually, stopGracefully } from '../support/bot-process.js';
import { ChaosWorld } from '../support/chaos-world.js';

const MIB = 1024 * 1024;

/** p50 and p95 of one kind of delivery, in ms, over `n` requests. */
export interface LatencySummary {
  readonly n: number;
  readonly sizeBytes: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** The final message announcing a video to `userId`, if `req` is one (its upload done, or its link). */
function isFinal(req: RecordedRequest, userId: string): boolean {
  if ((req.method !== 'POST' && req.method !== 'PATCH') || req.status >= 300) return false;
  const content = (req.body as { content?: unknown } | null)?.content;
  return typeof content === 'string' && content.startsWith(`<@${userId}> your video is ready`);
}

/**
 * Terminal state → Discord message sent, for a video small enough to attach and one over the
 * guild's upload limit (sent as a link), `n` of each, one request at a time (so nothing queues
 * behind another delivery). Start: the request's `completed_at`, the time the running process's
 * use case took when it decided the generation completed (after the fake Vertex said done and
 * the output was listed) and wrote the terminal row. End: the moment FakeDiscord, in this
 * process, finished receiving the POST/PATCH that carries the video (the upload's last byte, or
 * the link). Same machine, so the same wall clock on both sides.
 */
export async function deliveryLatency(n = 20, attachBytes = 2 * MIB, linkBytes = 12 * MIB): Promise<{ attached: LatencySummary; linked: LatencySummary }> {
  const world = await ChaosWorld.create();
  try {
    // Straight to FakeDiscord: the chaos suite's holding proxy would add a hop of its own.
    const bot = await world.startBot('bench-delivery', { DISCORD_API_URL: world.discord.apiUrl, VEO_POLL_INTERVAL_SECONDS: '1' });
    const received = new Map<string, { at: number; files: number }>();
    const measure = async (prompt: string, sizeBytes: number, attach: boolean): Promise<number> => {
      world.google.script(prompt, { outcome: 'succeed', afterPolls: 0, sizeBytes });
      let seen = world.discord.requests.length;
      const submitted = await world.submit(prompt);
      // Called after every request FakeDiscord handles, so the time is taken as it arrives.
      await world.discord.waitFor(() => {
        const requests = world.discord.requests;
        for (; seen < requests.length; seen++) {
          const req = requests[seen]!;
          if (isFinal(req, submitted.userId)) received.set(submitted.requestId, { at: Date.now(), files: req.files.length });
        }
        return received.has(submitted.requestId);
      }, 60_000);
      const row = await eventually(async () => (await world.pool.query<{ completed_at: Date | null }>('SELECT completed_at FROM video_requests WHERE id = $1', [submitted.requestId])).rows[0]?.completed_at, 10_000, 20);
      const got = received.get(submitted.requestId)!;
      if ((got.files > 0) !== attach) throw new Error(`${prompt}: expected ${attach ? 'an attachment' : 'a link'}, got ${got.files} file(s)`);
      return got.at - row.getTime();
    };
    const run = async (kind: string, sizeBytes: number, attach: boolean): Promise<LatencySummary> => {
      await measure(`${kind} warm-up`, sizeBytes, attach); // first of its kind pays for connections and caches
      const samples: number[] = [];
      for (let i = 0; i < n; i++) samples.push(await measure(`${kind} ${i}`, sizeBytes, attach));
      samples.sort((a, b) => a - b);
      return { n, sizeBytes, p50Ms: percentile(samples, 50), p95Ms: percentile(samples, 95) };
    };
    const attached = await run('attached', attachBytes, true);
    const linked = await run('linked', linkBytes, false);
    await stopGracefully(bot);
    return { attached, linked };
  } finally {
    await world.close();
  }
}
