import { eventually, spawnBot, stopGracefully } from '../support/bot-process.js';
import { ChaosWorld } from '../support/chaos-world.js';
import { seedBacklog } from './backlog.js';

/**
 * Quota use under a backlog: Vertex (the proxy in front of the fake) allows exactly `rpm` starts
 * per rolling minute and the bot is configured with the same VERTEX_REQUESTS_PER_MINUTE; over
 * `windowMs` from the first start, achieved starts/min ÷ rpm, and 429s (all caused by us).
 */
export async function quotaUse(rpm = 60, windowMs = 60_000): Promise<{ rpm: number; achievedPerMinute: number; ratio: number; throttled: number }> {
  const world = await ChaosWorld.create();
  try {
    await seedBacklog(world.pool, Math.ceil((rpm * windowMs) / 60_000) * 2, { guildId: world.guild.id, channelId: world.channel.id });
    world.google.defaultScript = { outcome: 'succeed', afterPolls: 0, sizeBytes: 16 * 1024 };
    world.vertex.quotaPerMinute = rpm;
    const bot = spawnBot('bench-quota', world.env({ VEO_CONCURRENCY: '50', VERTEX_REQUESTS_PER_MINUTE: String(rpm), VERTEX_POLLS_PER_MINUTE: '100000' }));
    world.bots.push(bot);
    const first = await eventually(() => world.vertex.forwardedStarts[0], 60_000, 10);
    await new Promise((r) => setTimeout(r, first + windowMs - Date.now()));
    const inWindow = world.vertex.forwardedStarts.filter((t) => t < first + windowMs).length;
    const throttled = world.vertex.throttledStarts.length;
    await stopGracefully(bot);
    const achievedPerMinute = (inWindow * 60_000) / windowMs;
    return { rpm, achievedPerMinute, ratio: achievedPerMinute / rpm, throttled };
  } finally {
    await world.close();
  }
}
