import { readFileSync } from 'node:fs';
import { eventually, stopGracefully } from '../support/bot-process.js';
import { ChaosWorld } from '../support/chaos-world.js';
import { seedBacklog } from './backlog.js';

/** Memory of one `veo-bot start` process, in MiB (from /proc/<pid>/status). */
export interface MemoryRun {
  readonly backlog: number;
  /** VmRSS once the gateway is ready (resume has only just begun). */
  readonly atReadyMiB: number;
  /** VmHWM when the run ends: the highest RSS the process ever had. */
  readonly peakMiB: number;
  /** Median VmRSS over the sampling window after the first deliveries, work still going on. */
  readonly steadyMiB: number;
  /** Videos delivered before the steady window began. */
  readonly delivered: number;
  /** CPU time of the bot process (user + system) over the whole run, in seconds. */
  readonly cpuSeconds: number;
  readonly seconds: number;
}

const VIDEO_BYTES = 8 * 1024 * 1024;
const CONCURRENCY = 3;
/** Deliveries before the steady window: three waves of three videos in flight. */
const DELIVERIES = 9;
const STEADY_WINDOW_MS = 5_000;

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`${field} not in /proc/${pid}/status`);
  return Number(match[1]);
}

/** utime + stime of `pid`, in seconds (from /proc/<pid>/stat, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const mib = (kib: number): number => kib / 1024;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};

/**
 * Spawns the real built `veo-bot start` with `backlog` pending rows to resume (none: nine `/veo`
 * sent after READY instead), three videos in flight (`VEO_CONCURRENCY=3`) of 8 MiB each, attached
 * to their Discord messages. Waits for nine deliveries, then samples RSS for five seconds while
 * the rest of the backlog keeps running; the peak is the kernel's high-water mark (VmHWM).
 */
export async function memoryRun(backlog: number, env: Record<string, string> = {}): Promise<MemoryRun> {
  const world = await ChaosWorld.create();
  try {
    // One channel per slot: Discord rate-limits posts per channel, which is not what is measured.
    const channelIds = [world.channel.id, ...Array.from({ length: CONCURRENCY - 1 }, () => world.discord.addChannel(world.guild.id).id)];
    if (backlog > 0) await seedBacklog(world.pool, backlog, { guildId: world.guild.id, channelId: world.channel.id, channelIds });
    world.google.defaultScript = { outcome: 'succeed', afterPolls: 1, sizeBytes: VIDEO_BYTES };
    const began = Date.now();
    const bot = await world.startBot(`bench-memory-${backlog}`, {
      VEO_CONCURRENCY: String(CONCURRENCY),
      VERTEX_REQUESTS_PER_MINUTE: '10000',
      VERTEX_POLLS_PER_MINUTE: '100000',
      VEO_GENERATION_TIMEOUT_SECONDS: '600',
      ...env,
    });
    const pid = bot.child.pid!;
    const atReady = statusKiB(pid, 'VmRSS');
    if (backlog === 0) {
      for (let i = 0; i < DELIVERIES; i++) {
        const userId = world.newUser();
        world.discord.injectSlashCommand({ channelId: channelIds[i % CONCURRENCY]!, userId, commandName: 'veo', options: { prompt: `memory ${i}` } });
      }
    }
    const notified = async () => Number((await world.pool.query<{ n: string }>('SELECT count(*) AS n FROM video_requests WHERE notified_at IS NOT NULL')).rows[0]?.n ?? 0);
    const delivered = await eventually(async () => {
      if (bot.hasExited()) throw new Error(`bot exited:\n${bot.output().slice(-3000)}`);
      const n = await notified();
      return n >= DELIVERIES ? n : undefined;
    }, 180_000, 100);
    const samples: number[] = [];
    const windowEnd = Date.now() + STEADY_WINDOW_MS;
    while (Date.now() < windowEnd) {
      samples.push(statusKiB(pid, 'VmRSS'));
      await new Promise((r) => setTimeout(r, 100));
    }
    const peak = statusKiB(pid, 'VmHWM');
    const cpu = cpuSeconds(pid);
    await stopGracefully(bot);
    return { backlog, atReadyMiB: mib(atReady), peakMiB: mib(peak), steadyMiB: mib(median(samples)), delivered, cpuSeconds: cpu, seconds: (Date.now() - began) / 1000 };
  } finally {
    await world.close();
  }
}

/** {@link memoryRun} for each backlog size, one after the other in this process, with `env` added. */
export async function memoryUse(backlogs: readonly number[] = [0, 1_000, 10_000], env: Record<string, string> = {}): Promise<MemoryRun[]> {
  const runs: MemoryRun[] = [];
  for (const backlog of backlogs) runs.push(await memoryRun(backlog, env));
  return runs;
}
