import { eventually, spawnBot, stopGracefully } from '../support/bot-process.js';
import { ChaosWorld } from '../support/chaos-world.js';
import { seedBacklog } from './backlog.js';

/** Gateway READY → first /veo accepted (row written), with `backlog` pending rows waiting to resume. */
export async function readyTime(backlog = 10_000): Promise<{ readyToAcceptedMs: number; spawnToReadyMs: number }> {
  const world = await ChaosWorld.create();
  try {
    await seedBacklog(world.pool, backlog, { guildId: world.guild.id, channelId: world.channel.id });
    world.google.latencyMs = 50;
    const spawned = Date.now();
    const before = world.discord.connectedClients;
    const bot = spawnBot('bench-ready', world.env({ VERTEX_REQUESTS_PER_MINUTE: '60' }));
    world.bots.push(bot);
    await eventually(() => world.discord.connectedClients > before, 60_000, 1);
    const ready = Date.now();
    const userId = world.newUser();
    const interaction = await eventually(() => {
      try {
        return world.discord.injectSlashCommand({ channelId: world.channel.id, userId, commandName: 'veo', options: { prompt: 'first after ready' } });
      } catch {
        return undefined;
      }
    }, 30_000, 1);
    await eventually(async () => (await world.pool.query('SELECT 1 FROM video_requests WHERE interaction_id = $1', [interaction.id])).rowCount === 1, 60_000, 5);
    const accepted = Date.now();
    await stopGracefully(bot);
    return { readyToAcceptedMs: accepted - ready, spawnToReadyMs: ready - spawned };
  } finally {
    await world.close();
  }
}
