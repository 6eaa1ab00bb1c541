import { type MigrateResult, schemaVersion } from '@veo-bot/adapter-postgres';
import { type RequestRepository, type ResumePlanItem, type ResumeSummary, type VeoCore, formatUsd, spendOf, GetDashboard, GetGuildStats, GetUserHistory, type Clock } from '@veo-bot/core';
import type pg from 'pg';
import { TOKENS } from '../container.js';
import { json, formatMs, table } from '../cli/output.js';
import { type GlobalOptions, withContext } from '../cli/context.js';
import { UsageError } from '../cli/errors.js';

type Ctx = Parameters<Parameters<typeof withContext>[1]>[0];

/** Connects and migrates; returns the repository and clock (no Discord or Google needed). */
async function database(ctx: Ctx): Promise<{ repo: RequestRepository; clock: Clock; migrated: MigrateResult }> {
  const migrated = await (await ctx.container.getAsync<() => Promise<MigrateResult>>(TOKENS.PrepareDatabase))();
  return { repo: await ctx.container.getAsync<RequestRepository>(TOKENS.Repository), clock: ctx.container.get<Clock>(TOKENS.Clock), migrated };
}

/** `veo-bot migrate`. */
export async function migrateCommand(global: GlobalOptions, out: (s: string) => void): Promise<void> {
  await withContext(global, async (ctx) => {
    const { migrated } = await database(ctx);
    out(migrated.applied.length ? `Applied migrations ${migrated.applied.join(', ')}.` : 'Schema already up to date.');
  });
}

/** A dry run writes nothing, so it cannot migrate: it reads the schema version and stops if it is behind. */
async function requireSchema(ctx: Ctx): Promise<void> {
  const { current, known } = await schemaVersion(await ctx.container.getAsync<pg.Pool>(TOKENS.Pool));
  if (current === 0) throw new Error('The database schema is missing (no migration applied): run `veo-bot migrate` first. Dry run: nothing was changed.');
  if (current < known) throw new Error(`The database schema is at version ${current}, this veo-bot needs ${known}: run \`veo-bot migrate\` first. Dry run: nothing was changed.`);
}

const held = (i: ResumePlanItem) => (i.heldBy ? `skip: held by ${i.heldBy.owner} until ${i.heldBy.until.toISOString()}` : i.action);

/** `veo-bot resume --dry-run`: what a real run would do, from core's own plan; nothing changed. */
export async function resumePlanCommand(global: GlobalOptions, opts: { json?: boolean }, out: (s: string) => void): Promise<void> {
  await withContext(global, async (ctx) => {
    await requireSchema(ctx);
    const core = await ctx.container.getAsync<VeoCore>(TOKENS.PlanningCore);
    const plan = await core.resume.plan();
    const disabled = !core.settings.resumeEnabled;
    if (opts.json) {
      out(json({ disabled, total: disabled ? 0 : plan.items.length, incomplete: plan.items.length, pending: plan.pendingCount, generating: plan.generatingCount, unnotified: plan.unnotifiedCount,
        skipped: disabled ? 0 : plan.items.filter((i) => i.heldBy).length,
        items: disabled ? [] : plan.items.map((i) => ({ id: i.request.id, user_id: i.request.userId, guild_id: i.request.guildId, status: i.request.status, age_minutes: i.ageMinutes, action: i.heldBy ? 'skip' : i.action, route: i.route,
          ...(i.heldBy ? { held_by: i.heldBy.owner, lease_until: i.heldBy.until.toISOString() } : {}) })) }));
      return;
    }
    if (disabled) return out(`Resume is disabled (DISABLE_TASK_RESUME=true): nothing would be done; ${plan.items.length} incomplete request(s) stay as they are. Dry run: nothing was changed.`);
    if (plan.items.length === 0) return out('No incomplete requests to resume.');
    out(table(['ID', 'USER', 'STATUS', 'AGE', 'ACTION', 'ANSWER VIA'], plan.items.map((i) => [i.request.id, i.request.userId, i.request.status, `${i.ageMinutes} min`, held(i), i.route])));
    const skipped = plan.items.filter((i) => i.heldBy).length;
    out(`\n${plan.items.length} request(s): ${plan.pendingCount} pending, ${plan.generatingCount} generating, ${plan.unnotifiedCount} awaiting notification${skipped ? `; ${skipped} held by another live instance (skipped)` : ''}. Dry run: nothing was changed.`);
  });
}

function resumeLine(summary: ResumeSummary): string {
  if (summary.status === 'disabled') return 'Resume is disabled (DISABLE_TASK_RESUME=true): nothing was done.';
  return `Resume ${summary.status}: ${summary.total} request(s) — ${summary.completed} completed, ${summary.failed} failed, ${summary.timeout} timed out, ${summary.notified} notified, ${summary.skipped} skipped.`;
}

/** `veo-bot resume`: one resume run without the gateway (answers by REST). */
export async function resumeCommand(global: GlobalOptions, opts: { json?: boolean }, out: (s: string) => void): Promise<boolean> {
  return withContext(global, async (ctx) => {
    // Disabled: nothing will generate or post, so neither Google nor Discord settings are asked for.
    const disabled = ctx.config.DISABLE_TASK_RESUME;
    if (!disabled) await database(ctx);
    const core = await ctx.container.getAsync<VeoCore>(disabled ? TOKENS.PlanningCore : TOKENS.Core);
    const summary = disabled ? await core.resume.execute() : await core.resumeOnce();
    out(opts.json ? json(summary) : resumeLine(summary));
    return summary.status !== 'query-failed';
  });
}

/** `veo-bot stats`: guild stats with --guild, else the global dashboard. */
export async function statsCommand(global: GlobalOptions, opts: { guild?: string; period?: string; json?: boolean }, out: (s: string) => void): Promise<boolean> {
  return withContext(global, async (ctx) => {
    const { repo, clock } = await database(ctx);
    if (opts.guild) {
      const result = await new GetGuildStats({ repo, clock, logger: ctx.logger }).execute({ guildId: opts.guild, ...(opts.period ? { period: opts.period } : {}) });
      if (!result.ok) {
        if (result.reason === 'invalid') throw new UsageError(result.message);
        out(result.message);
        return false;
      }
      const s = result.value;
      if (opts.json) return out(json(s)), true;
      out(`Guild ${s.guildId} — ${s.period} buckets from ${s.since.toISOString().slice(0, 10)} to ${s.until.toISOString().slice(0, 10)}`);
      out(table(['STATUS', 'COUNT'], Object.entries(s.counts)));
      out(`\nTotal ${s.total} · spend ${formatUsd(s.spendUsd ?? 0)} · average generation ${formatMs(s.averageDurationMs)} · p95 ${formatMs(s.p95DurationMs)}`);
      if (s.topPrompts.length) out(`\n${table(['TOP PROMPT', 'COUNT'], s.topPrompts.map((p) => [p.prompt.slice(0, 60), p.count]))}`);
      if (s.buckets.length) out(`\n${table(['BUCKET', 'PENDING', 'GENERATING', 'COMPLETED', 'FAILED', 'TIMEOUT', 'SPEND'], s.buckets.map((b) => [b.start.toISOString().slice(0, 10), b.counts.pending, b.counts.generating, b.counts.completed, b.counts.failed, b.counts.timeout, formatUsd(b.spendUsd ?? 0)]))}`);
      return true;
    }
    const result = await new GetDashboard({ repo, clock, logger: ctx.logger }).execute();
    if (!result.ok) return out(result.message), false;
    const d = result.value;
    if (opts.json) return out(json(d)), true;
    out(`Last 24 hours (since ${d.since.toISOString()})`);
    out(table(['STATUS', 'COUNT'], Object.entries(d.counts)));
    out(`\nSpend ${formatUsd(d.spendUsd)}${d.spendByModel.length ? ` (${d.spendByModel.map((m) => `${m.model} ${formatUsd(m.spendUsd)}`).join(', ')})` : ''}`);
    out(`Total ${d.total} · latency p50 ${formatMs(d.latencyMs.p50)} · p95 ${formatMs(d.latencyMs.p95)} · p99 ${formatMs(d.latencyMs.p99)} · failure rate ${d.failureRatePercent}%`);
    return true;
  });
}

/** `veo-bot history --user`. */
export async function historyCommand(global: GlobalOptions, opts: { user: string; status?: string; limit?: number; offset?: number; json?: boolean }, out: (s: string) => void): Promise<boolean> {
  return withContext(global, async (ctx) => {
    const { repo } = await database(ctx);
    const result = await new GetUserHistory({ repo, logger: ctx.logger }).execute({ userId: opts.user, ...(opts.status ? { status: opts.status } : {}), limit: opts.limit ?? 20, offset: opts.offset ?? 0 });
    if (!result.ok) {
      if (result.reason === 'invalid') throw new UsageError(result.message);
      return out(result.message), false;
    }
    const page = result.value;
    if (opts.json) return out(json(page)), true;
    if (page.items.length === 0) return out(`No requests for user ${opts.user}.`), true;
    out(table(['CREATED', 'ID', 'STATUS', 'TOOK', 'COST', 'PROMPT', 'RESULT'], page.items.map((r) => [r.createdAt.toISOString().replace('T', ' ').slice(0, 19), r.id, r.status, formatMs(r.durationMs), formatUsd(spendOf(r)), r.prompt.slice(0, 40), r.videoUrls[0] ?? r.errorMessage ?? ''])));
    out(`\n${page.items.length} of ${page.total}`);
    return true;
  });
}
