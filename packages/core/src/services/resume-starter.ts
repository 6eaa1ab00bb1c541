import { describeError } from '../domain/errors.js';
import { LogEvents, Messages } from '../domain/messages.js';
import { retiredModelMessage } from '../domain/model-succession.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { AccessCheck } from '../ports/notifier.js';
import { RequestWriter } from './request-writer.js';
import type { ResumeDeps } from '../use-cases/resume-incomplete-requests.js';
import type { ResumePlan, ResumePlanItem } from './resume-plan.js';
import type { ResumeTally } from './resume-tally.js';
import type { RunOutcome } from '../use-cases/results.js';

/** Result of preparing one item: an outcome when settled without the queue. */
interface Prepared {
  readonly outcome?: RunOutcome;
}

/**
 * The step of a resume run that takes a plan (a page of it) into work: claims its rows, settles
 * what needs no queue (expired, retired model, unreachable channel) and queues the rest.
 */
export class ResumeStarter {
  private readonly writer: RequestWriter;

  constructor(private readonly deps: ResumeDeps) {
    this.writer = new RequestWriter(deps);
  }

  /**
   * Claims the plan's rows, settles what needs no queue, and queues the rest strictly oldest
   * first; each item's outcome goes to `tally` (a row only announced now counts as notified).
   */
  async start(plan: ResumePlan, tally: ResumeTally, access: Map<string, Promise<AccessCheck>>): Promise<void> {
    const { repo, clock, workerId, leaseMs, logger } = this.deps;
    const now = clock.now();
    let claimedRows: Map<string, VideoRequest>;
    try {
      const stamp = this.deps.leases?.stamp() ?? null;
      const claimed = await repo.claim(plan.items.map((i) => i.request.id), { owner: workerId, until: new Date(now.getTime() + leaseMs), now });
      claimedRows = new Map(claimed.map((r) => [r.id, r]));
      this.deps.leases?.confirmed([...claimedRows.keys()], new Date(now.getTime() + leaseMs), stamp);
    } catch (error) {
      logger.error(LogEvents.resumeQueryFailed, describeError(error));
      for (let i = 0; i < plan.items.length; i++) tally.add(Promise.resolve('skipped'));
      return;
    }
    // Checks run side by side (one per channel), then jobs are queued strictly oldest first.
    const prepared = await Promise.all(
      plan.items.map((item) => (claimedRows.has(item.request.id) ? this.prepare({ ...item, request: claimedRows.get(item.request.id)! }, access) : Promise.resolve<Prepared>({ outcome: 'skipped' }))),
    );
    prepared.forEach((p, i) => {
      const item = plan.items[i]!;
      const outcome = p.outcome ? Promise.resolve(p.outcome) : this.deps.scheduler.enqueue(this.deps.runner.asJob({ request: claimedRows.get(item.request.id)!, resumed: true }, 'resumed')).done;
      tally.add(item.action === 'notify' ? outcome.then((o) => (o === 'skipped' ? o : 'notified')) : outcome);
    });
  }

  /** Settles what needs no queue (expiry, unreachable channel); otherwise says "queue it". */
  private async prepare(item: ResumePlanItem, access: Map<string, Promise<AccessCheck>>): Promise<Prepared> {
    const { request } = item;
    const { logger, clock } = this.deps;
    logger.info(LogEvents.resumeRequest, { request_id: request.id, user_id: request.userId, status: request.status, age_minutes: item.ageMinutes, action: item.action });
    try {
      if (item.action === 'expire') {
        logger.info(LogEvents.requestExpired, { request_id: request.id, age_minutes: item.ageMinutes });
        return { outcome: await this.endEarly(request, 'timeout', Messages.requestExpired) };
      }
      if (item.action === 'retired') {
        logger.warn('Request uses a retired model', { request_id: request.id, model: request.model });
        return { outcome: await this.endEarly(request, 'failed', retiredModelMessage(request.model) ?? `Model ${request.model} is no longer served.`) };
      }
      // Only before a start that would be billed: a start in doubt is recovered (its video may
      // already exist, and been shown), and its delivery finds out about the channel itself.
      if (item.action !== 'start') return {};
      if (!access.has(request.channelId)) access.set(request.channelId, this.checkAccess(request));
      const check = await access.get(request.channelId)!;
      if (check.ok) return {};
      logger.warn(LogEvents.channelInaccessible, { request_id: request.id, channel_id: request.channelId, guild_id: request.guildId, detail: check.detail });
      const written = await this.writer.transition(request, { to: 'failed', at: clock.now(), errorMessage: Messages.channelInaccessible });
      await this.writer.bestEffort('record notification', request, () => this.deps.repo.markNotified(request.id, clock.now(), 'undeliverable'));
      return { outcome: written.request.status === 'failed' ? 'failed' : 'skipped' };
    } catch (error) {
      logger.error(LogEvents.resumeError, { request_id: request.id, ...describeError(error) });
      return { outcome: 'failed' };
    }
  }

  /** A notifier that cannot tell is not a reason to fail the request: assume reachable. */
  private checkAccess(request: VideoRequest): Promise<AccessCheck> {
    return this.deps.notifier.checkAccess(request).catch((error: unknown) => {
      this.deps.logger.warn('Channel access check failed; assuming reachable', { request_id: request.id, ...describeError(error) });
      return { ok: true } as const;
    });
  }

  private async endEarly(request: VideoRequest, to: 'timeout' | 'failed', errorMessage: string): Promise<RunOutcome> {
    const written = await this.writer.transition(request, { to, at: this.deps.clock.now(), errorMessage });
    if (written.kind !== 'lost-race') await this.deps.runner.delivery.deliver(written.request, true);
    return to;
  }}
