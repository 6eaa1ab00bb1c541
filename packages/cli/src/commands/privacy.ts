import { schemaVersion, type MigrateResult } from '@veo-bot/adapter-postgres';
import {
  type Clock, type ErasureStore, type PurgeResult, type RequestRepository, type UserDataCounts, type VideoGenerator, type VideoStore,
  CleanupExpiredRequests, ForgetUser, PurgeStoredObjects,
} from '@veo-bot/core';
import type pg from 'pg';
import { TOKENS } from '../container.js';
import { requireSettings } from '../config/load-config.js';
import { json } from '../cli/output.js';
import { type CommandContext, type GlobalOptions, withContext } from '../cli/context.js';
import { UsageError } from '../cli/errors.js';

/** Connects and migrates; the erasure store, repository and clock. */
async function database(ctx: CommandContext): Promise<{ erasure: ErasureStore; repo: RequestRepository; clock: Clock }> {
  await (await ctx.container.getAsync<() => Promise<MigrateResult>>(TOKENS.PrepareDatabase))();
  return {
    erasure: await ctx.container.getAsync<ErasureStore>(TOKENS.Erasure),
    repo: await ctx.container.getAsync<RequestRepository>(TOKENS.Repository),
    clock: ctx.container.get<Clock>(TOKENS.Clock),
  };
}

/** The storage sweep; asks for the Google settings (exit 2 naming them) when it is built. */
function purger(ctx: CommandContext, erasure: ErasureStore, clock: Clock): PurgeStoredObjects {
  requireSettings(ctx.config, ['GOOGLE_CLOUD_PROJECT', 'GCS_BUCKET'], 'delete videos from Cloud Storage');
  const store = ctx.container.get<VideoStore>(TOKENS.Store);
  const generator = ctx.container.get<VideoGenerator>(TOKENS.Generator);
  return new PurgeStoredObjects({ erasure, store, clock, logger: ctx.logger, outputPrefix: (id) => generator.outputPrefix(id) });
}

function purgeLine(purge: PurgeResult): string {
  const left = purge.failed > 0 ? ` ${purge.failed} could not be deleted yet (logged); the next \`veo-bot cleanup\`, or a running bot within the hour, tries again.` : '';
  return `Cloud Storage: ${purge.objectsDeleted} object(s) deleted for ${purge.purged} request(s).${left}`;
}

/** `veo-bot cleanup [--dry-run]`: retention, then the sweep of objects still queued; false when some could not be deleted. */
export async function cleanupCommand(global: GlobalOptions, opts: { dryRun?: boolean }, out: (s: string) => void): Promise<boolean> {
  return withContext(global, async (ctx) => {
    const { erasure, repo, clock } = await database(ctx);
    const retentionDays = ctx.config.REQUEST_RETENTION_DAYS ?? null;
    const result = await new CleanupExpiredRequests({ repo, clock, logger: ctx.logger, retentionDays, erasure }).execute({ dryRun: opts.dryRun ?? false });
    if (retentionDays === null) out('REQUEST_RETENTION_DAYS is not set: requests are kept forever, nothing to delete.');
    else out(`${result.dryRun ? 'Would delete' : 'Deleted'} ${result.deleted} finished request(s) created before ${result.cutoff?.toISOString()}.`);
    if (result.dryRun) {
      if (result.queuedPurges) out(`${result.queuedPurges} request(s) of earlier runs still have objects in Cloud Storage waiting to be deleted.`);
      return true;
    }
    // Only now are the Google settings needed, and only if something is queued (the rows' objects are safe in the queue).
    if ((await erasure.countQueuedPurges()) === 0) return true;
    const purge = await purger(ctx, erasure, clock).execute();
    out(purgeLine(purge));
    return purge.failed === 0;
  });
}

const SNOWFLAKE = /^\d{1,20}$/;

function countsText(c: UserDataCounts): string {
  return `${c.requests} request(s) (${c.inFlight} in flight), ${c.images} image(s), ${c.videos} video(s), ${c.budgetEdits} budget change(s)`;
}

/**
 * `veo-bot forget --user <id> [--dry-run] [--json]`: erases what is stored about a user. A dry
 * run reads the schema version instead of migrating, and changes nothing. False when some
 * objects could not be deleted yet (they stay queued: the next sweep deletes them).
 */
export async function forgetCommand(global: GlobalOptions, opts: { user: string; dryRun?: boolean; json?: boolean }, out: (s: string) => void): Promise<boolean> {
  if (!SNOWFLAKE.test(opts.user)) throw new UsageError(`--user must be a Discord user id (digits only), got "${opts.user}"`);
  return withContext(global, async (ctx) => {
    if (opts.dryRun) {
      const { current, known } = await schemaVersion(await ctx.container.getAsync<pg.Pool>(TOKENS.Pool));
      if (current < known) throw new Error(`The database schema is at version ${current}, this veo-bot needs ${known}: run \`veo-bot migrate\` first. Dry run: nothing was changed.`);
      const counts = await (await ctx.container.getAsync<ErasureStore>(TOKENS.Erasure)).countUserData(opts.user);
      out(opts.json ? json({ dryRun: true, userId: opts.user, ...counts }) : `Would erase for user ${opts.user}: ${countsText(counts)}. Dry run: nothing was changed.`);
      return true;
    }
    const { erasure, clock } = await database(ctx);
    const purge = purger(ctx, erasure, clock); // settings checked before anything is erased
    const result = await new ForgetUser({ erasure, purge, clock, logger: ctx.logger }).execute({ userId: opts.user });
    if (opts.json) out(json({ dryRun: false, userId: opts.user, ...result.counts, cancelled: result.cancelled, purge: result.purge }));
    else {
      out(`Erased for user ${opts.user}: ${countsText(result.counts)}; ${result.cancelled} request(s) in flight cancelled.`);
      out('Their spend stays in anonymous entries (guild, model, time, cost), so budgets and reports do not change.');
      if (result.purge) out(purgeLine(result.purge));
      if (result.sweepError) out(`Cloud Storage: the sweep could not run (${result.sweepError}); the videos stay queued and the next \`veo-bot cleanup\` deletes them.`);
    }
    return result.sweepError === null && (result.purge?.failed ?? 0) === 0;
  });
}
