import type { InteractionContext } from '@veo-bot/core';
import type { Lifecycle } from './lifecycle.js';
import type { CoreProcess } from './process.js';
import { SimRandom } from './random.js';
import { shortId } from './trace.js';
import type { World } from './world.js';

const USERS = ['u1', 'u2', 'u3', 'u4'];
const CHANNELS = ['c1', 'c2', 'c3'];
const MODELS = ['veo-3.1-generate-001', 'veo-3.1-fast-generate-001'];

/**
 * What happens to a world, drawn from its seed: `/veo` commands, Retry and Again clicks
 * (double clicks, other users' clicks), kills, graceful stops, database outages, clock jumps,
 * channels that vanish or lose the bot's permission — all inside the activity window.
 */
export class Scenario {
  private interactions = 0;
  private outages = 0;
  /** World events not yet fired (the world is not settled while any remain). */
  pending = 0;
  /**
   * Cancel clicks come from a stream of their own, so seeds drawn without cancels (about half)
   * replay exactly the worlds they did before Cancel existed.
   */
  private readonly cancelRandom: SimRandom;
  private readonly cancelChance: number;

  constructor(
    private readonly world: World,
    private readonly life: Lifecycle,
  ) {
    this.cancelRandom = new SimRandom((world.seed ^ 0x5ca9ce11) >>> 0);
    this.cancelChance = this.cancelRandom.chance(0.5) ? 0 : this.cancelRandom.pick([0.2, 0.5, 0.9]);
  }

  plan(): void {
    const { profile } = this.world;
    const r = this.world.random;
    const at = () => r.int(0, profile.activityMs);
    for (let i = 0; i < profile.instances; i++) this.life.start();
    for (let i = 0; i < profile.requests; i++) this.at(at(), () => this.submit());
    for (let i = 0; i < profile.clicks; i++) this.at(r.int(3 * 60_000, profile.activityMs + 20 * 60_000), () => this.click());
    for (let i = 0; i < profile.kills; i++) this.at(at(), () => this.withProcess((p) => this.life.kill(p)));
    for (let i = 0; i < profile.stops; i++) this.at(at(), () => this.withProcess((p) => this.life.stop(p)));
    for (let i = 0; i < profile.outages; i++) this.at(at(), () => this.outage(r.chance(0.2) ? r.int(60, 600) * 1000 : r.int(1, 60) * 1000));
    for (let i = 0; i < profile.jumps; i++) this.at(at(), () => this.jump(r.int(1, 20) * 60_000));
    for (let i = 0; i < profile.channelFaults; i++) this.at(at(), () => this.hurtChannel(r));
  }

  private at(ms: number, action: () => void): void {
    this.pending += 1;
    this.world.time.schedule(ms, () => {
      this.pending -= 1;
      action();
    });
  }

  private withProcess(action: (p: CoreProcess) => void): void {
    const live = this.life.all.filter((p) => p.state === 'running');
    if (live.length > 0) action(this.world.random.pick(live));
  }

  /** A fresh interaction (token valid 15 minutes from now) asked by `user`. */
  private interaction(user: string, kind: 'veo' | 'retry' | 'again', proc: CoreProcess): InteractionContext {
    const n = ++this.interactions;
    const token = `tok-${n}`;
    this.world.discord.openInteraction(token);
    this.world.facts.askers.set(token, { user, instance: proc.name, at: this.world.time.now, kind });
    return { applicationId: 'sim-app', interactionId: `ix-${n}`, token };
  }

  private submit(): void {
    const { world } = this;
    const r = world.random;
    const live = this.life.all.filter((p) => p.state === 'running');
    const user = r.pick(USERS);
    if (live.length === 0) {
      world.note('discord', `/veo by ${user} reached no process: "The application did not respond"`);
      return;
    }
    const proc = r.pick(live);
    const channelId = r.pick(CHANNELS);
    const interaction = this.interaction(user, 'veo', proc);
    world.note(proc.name, `/veo by ${user} in ${channelId} (${interaction.token})`);
    void proc.core.submit.execute({ userId: user, guildId: 'g1', channelId, options: { prompt: `a fox #${this.interactions}`, model: r.pick(MODELS) }, interaction }).then((result) => {
      if (!result.ok) return world.note(proc.name, `/veo refused: ${result.reason}`);
      if (!result.persisted) world.facts.synthetic.set(result.request.id, proc.name);
      world.note(proc.name, `/veo accepted as ${shortId(result.request.id)}${result.persisted ? '' : ' (synthetic id, database down)'}`);
      this.maybeCancel(result.request.id, user);
    });
  }

  /** A click on a final message's button: Again on a video, Retry on a failure. */
  private click(second?: { requestId: string; user: string; kind: 'retry' | 'again'; channelId: string }): void {
    const { world } = this;
    const r = world.random;
    const live = this.life.all.filter((p) => p.state === 'running');
    const messages = world.discord.messages;
    if (live.length === 0 || messages.length === 0) return;
    const target = second ?? (() => {
      const m = r.pick(messages);
      return { requestId: m.requestId, user: r.chance(0.8) ? m.mention : r.pick(USERS), kind: m.kind === 'completed' ? ('again' as const) : ('retry' as const), channelId: m.channelId };
    })();
    const proc = r.pick(live);
    const interaction = this.interaction(target.user, target.kind, proc);
    world.note(proc.name, `${target.kind === 'again' ? 'Again' : 'Retry'} clicked on ${shortId(target.requestId)} by ${target.user}${second ? ' (double click)' : ''}`);
    const input = { requestId: target.requestId, userId: target.user, channelId: target.channelId, interaction };
    const answer = target.kind === 'again' ? proc.core.again.execute(input) : proc.core.retry.execute(input);
    void answer.then((result) => {
      world.note(proc.name, result.ok ? `${target.kind} → ${shortId(result.request.id)}${result.created ? ' created' : ' (existing)'}` : `${target.kind} refused: ${result.reason}`);
      if (result.ok && result.created) this.maybeCancel(result.request.id, result.request.userId);
    });
    if (!second && r.chance(0.3)) this.at(r.int(0, 3000), () => this.click(target));
  }

  /** Sometimes, a Cancel click on the queued status of a request just accepted: by its owner, another member, or a manager; sometimes twice. */
  private maybeCancel(requestId: string, owner: string): void {
    const r = this.cancelRandom;
    if (this.cancelChance === 0 || !r.chance(this.cancelChance)) return;
    const user = r.chance(0.8) ? owner : r.pick(USERS);
    const manager = user !== owner && r.chance(0.5);
    const clicks = r.chance(0.2) ? 2 : 1;
    for (let i = 0; i < clicks; i++) this.at(r.chance(0.5) ? r.int(0, 1500) : r.int(0, 40_000), () => this.cancel(requestId, user, manager));
  }

  private cancel(requestId: string, user: string, manager: boolean): void {
    const { world } = this;
    const live = this.life.all.filter((p) => p.state === 'running');
    if (live.length === 0) return;
    const proc = this.cancelRandom.pick(live);
    const clicks = world.facts.cancels.get(requestId) ?? [];
    const click: { user: string; manager: boolean; answer: 'cancelled' | 'already' | 'refused' | 'pending' } = { user, manager, answer: 'pending' };
    clicks.push(click);
    world.facts.cancels.set(requestId, clicks);
    world.note(proc.name, `Cancel clicked on ${shortId(requestId)} by ${user}${manager ? ' (server manager)' : ''}`);
    void proc.core.cancel.execute({ requestId, userId: user, guildId: 'g1', canManageGuild: manager }).then((result) => {
      click.answer = result.ok ? (result.already ? 'already' : 'cancelled') : 'refused';
      world.note(proc.name, result.ok ? `cancel → ${result.already ? 'already cancelled' : 'cancelled'}` : `cancel refused: ${result.reason}`);
    });
  }

  private outage(ms: number): void {
    const { world } = this;
    const from = world.time.now;
    this.outages += 1;
    world.repo.available = false;
    world.presence.available = false;
    const outage = { from, to: from + ms };
    world.facts.outages.push(outage);
    if (ms >= 60_000) world.facts.timeFaults.push({ from, to: from + ms });
    world.note('db', `OUTAGE for ${ms / 1000}s: every connection drops (presence of every process ends)`);
    for (const p of world.processes) if (p.state !== 'dead') world.presence.drop(p.workerId);
    world.time.schedule(ms, () => {
      // Overlapping outages, or a clock jump, may make it end later than planned.
      outage.to = world.time.now;
      if (--this.outages > 0) return;
      world.repo.available = true;
      world.presence.available = true;
      world.presence.restarted(new Date(world.time.now));
      world.note('db', 'database back');
    });
  }

  private jump(ms: number): void {
    const { world } = this;
    world.facts.timeFaults.push({ from: world.time.now, to: world.time.now + ms });
    world.time.now += ms;
    world.note('clock', `JUMP forward ${ms / 60_000} min`);
  }

  private hurtChannel(r: SimRandom): void {
    const channel = r.pick(CHANNELS);
    const deleted = r.chance(0.5);
    if (deleted) this.world.discord.deleteChannel(channel);
    else this.world.discord.revokeSend(channel);
    this.world.note('discord', `channel ${channel} ${deleted ? 'deleted' : 'no longer lets the bot send messages'}`);
  }
}
