import { eventually, spawnBot, stopGracefully } from '../support/bot-process.js';
import { ChaosWorld } from '../support/chaos-world.js';
import { seedBacklog } from './backlog.js';

/**
 * Seconds from the first start call sent to Vertex to the last notification of `n` backlog rows.
 * (Not from `started_at`: that is written after the start call returns, so it would leave one
 * Vertex round trip per request out of L but not out of the batch's waves.)
 */
async function drain(n: number, concurrency: number, latencyMs: number): Promise<number> {
  const world = await ChaosWorld.create();
  try {
    // One channel per concurrent slot: Discord rate-limits posts per channel (discord.js queues
    // them one at a time per channel), which would measure Discord's limit, not our overlap.
    const channelIds = [world.channel.id, ...Array.from({ length: concurrency - 1 }, () => world.discord.addChannel(world.guild.id).id)];
    await seedBacklog(world.pool, n, { guildId: world.guild.id, channelId: world.channel.id, channelIds });
    world.google.defaultScript = { outcome: 'succeed', afterPolls: 0, sizeBytes: 64 * 1024 };
    world.google.latencyMs = latencyMs;
    const bot = spawnBot('bench-resume', world.env({ VEO_CONCURRENCY: String(concurrency), VERTEX_REQUESTS_PER_MINUTE: '10000', VERTEX_POLLS_PER_MINUTE: '100000' }));
    world.bots.push(bot);
    await eventually(async () => (await world.pool.query("SELECT 1 FROM video_requests WHERE notified_at IS NULL OR status NOT IN ('completed','failed','timeout') LIMIT 1")).rowCount === 0, 600_000, 100);
    const last = await world.pool.query<{ t: Date }>('SELECT max(notified_at) AS t FROM video_requests');
    // acceptedAt is after the fake's latency: the first start call was sent latencyMs earlier.
    const first = Math.min(...world.google.acceptedStarts.map((s) => s.acceptedAt.getTime())) - latencyMs;
    await stopGracefully(bot);
    return ((last.rows[0]?.t.getTime() ?? Number.NaN) - first) / 1000;
  } finally {
    await world.close();
  }
}

/**
 * Resume throughput: L = one request's own time through the fake (start accepted → notified, measured
 * alone), then N requests at concurrency C: ratio = wall ÷ (N·L/C); 1.0 is perfect overlap.
 */
export async function resumeThroughput(n = 24, concurrency = 4, latencyMs = 200): Promise<{ n: number; c: number; lSeconds: number; wallSeconds: number; ratio: number }> {
  const single = await drain(1, concurrency, latencyMs);
  const wall = await drain(n, concurrency, latencyMs);
  return { n, c: concurrency, lSeconds: single, wallSeconds: wall, ratio: wall / ((n * single) / concurrency) };
}
