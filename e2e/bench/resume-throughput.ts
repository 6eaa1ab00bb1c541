import { eventually, spawnBot, stopGracefully } from '../support/bot-process.js';
import { ChaosWorld } from '../support/chaos-world.js';
import { seedBacklog } from './backlog.js';

/** Seconds from the first start to the last notification of `n` backlog rows through the fake. */
async function drain(n: number, concurrency: number, latencyMs: number): Promise<number> {
  const world = await ChaosWorld.create();
  try {
    await seedBacklog(world.pool, n, { guildId: world.guild.id, channelId: world.channel.id });
    world.google.defaultScript = { outcome: 'succeed', afterPolls: 0, sizeBytes: 64 * 1024 };
    world.google.latencyMs = latencyMs;
    const bot = spawnBot('bench-resume', world.env({ VEO_CONCURRENCY: String(concurrency), VERTEX_REQUESTS_PER_MINUTE: '10000', VERTEX_POLLS_PER_MINUTE: '100000' }));
    world.bots.push(bot);
    await eventually(async () => (await world.pool.query("SELECT 1 FROM video_requests WHERE notified_at IS NULL OR status NOT IN ('completed','failed','timeout') LIMIT 1")).rowCount === 0, 600_000, 100);
    const span = await world.pool.query<{ s: number }>('SELECT extract(epoch FROM max(notified_at) - min(started_at))::float8 AS s FROM video_requests');
    await stopGracefully(bot);
    return span.rows[0]?.s ?? Number.NaN;
  } finally {
    await world.close();
  }
}

/**
 * Resume throughput: L = one request's own time through the fake (start → notified, measured
 * alone), then N requests at concurrency C: ratio = wall ÷ (N·L/C); 1.0 is perfect overlap.
 */
export async function resumeThroughput(n = 24, concurrency = 4, latencyMs = 200): Promise<{ n: number; c: number; lSeconds: number; wallSeconds: number; ratio: number }> {
  const single = await drain(1, concurrency, latencyMs);
  const wall = await drain(n, concurrency, latencyMs);
  return { n, c: concurrency, lSeconds: single, wallSeconds: wall, ratio: wall / ((n * single) / concurrency) };
}
