import { againCustomId, retryCustomId } from '@veo-bot/adapter-discord';
import type { FakeMessage } from '@veo-bot/adapter-discord/testing';
import type { GlobalOptions } from '../cli/context.js';
import { DemoWorld } from './demo-world.js';

const MiB = 1024 * 1024;

/** One line of the demo's account: what was asked, what the user saw, whether it was right. */
interface Outcome {
  readonly step: string;
  readonly saw: string;
  readonly ok: boolean;
}

function describe(world: DemoWorld, message: FakeMessage): string {
  const view = world.view(message);
  const size = message.attachments[0] ? ` (${(message.attachments[0].size / MiB).toFixed(1)} MiB)` : '';
  const what = view.attached ? `video attached${size}` : view.retryButton ? 'failure notice with a Retry button' : view.text.includes('http') ? 'a link to the video' : 'a message';
  return `${what}${view.mentionsUser ? ', mentioning the user' : ''}${view.text.includes('Resumed after bot restart') ? ', footer "Resumed after bot restart"' : ''}`;
}

/**
 * `veo-bot demo`: the whole bot on this machine with no credentials — embedded Postgres (unless
 * DATABASE_URL is set), the in-repo fakes of Discord and Vertex/GCS — running a scripted story:
 * a video delivered, one too big (a link), one that fails and is retried, and a restart mid-render.
 */
export async function demoCommand(global: GlobalOptions, opts: { fast?: boolean }, out: (s: string) => void): Promise<boolean> {
  const world = new DemoWorld(process.env, opts.fast ?? false);
  const outcomes: Outcome[] = [];
  const record = (step: string, saw: string, ok: boolean) => {
    outcomes.push({ step, saw, ok });
    out(`${ok ? '✔' : '✘'} ${step}\n    → ${saw}`);
  };
  await world.start();
  out('veo-bot demo: fake Discord at ' + world.discord.apiUrl + ', fake Vertex AI + Cloud Storage at ' + world.google.url);
  let first = await world.startBot(global.config);
  try {
    out(first.ctx.config.DATABASE_URL ? 'Database: DATABASE_URL' : 'Database: embedded PostgreSQL (state folder)');
    out('Bot #1 is online.\n');
    const g = world.google;
    g.script('a fox running through snow', { outcome: 'succeed', afterPolls: 2, sizeBytes: 3 * MiB });
    g.script('a whale breaching at sunset, 1080p', { outcome: 'succeed', afterPolls: 1, sizeBytes: 40 * MiB });
    g.script('a city made of glass', { outcome: 'fail', message: 'The model could not render this scene (INTERNAL)' });

    world.veo('a fox running through snow');
    const fox = await world.finalMessage('a fox running through snow');
    record('/veo a fox running through snow', describe(world, fox), world.view(fox).attached);

    const repo1 = await world.repo(first.ctx);
    const foxRow = await world.waitForRow(repo1, 'a fox running through snow', (r) => r.status === 'completed' && r.notifiedAt !== null);
    world.discord.injectButtonClick({ messageId: fox.id, userId: world.user, customId: againCustomId(foxRow.id) });
    const again = await world.finalMessage('a fox running through snow', 1);
    record('  … the user presses Again on the fox', describe(world, again), world.view(again).attached);

    world.veo('a whale breaching at sunset, 1080p');
    const whale = await world.finalMessage('a whale breaching at sunset, 1080p');
    record('/veo a whale breaching at sunset, 1080p (40 MiB, over the 10 MiB upload limit)', describe(world, whale), !world.view(whale).attached && whale.content.includes('http'));

    world.veo('a city made of glass');
    const failed = await world.finalMessage('a city made of glass');
    record('/veo a city made of glass (Vertex fails it)', describe(world, failed), world.view(failed).retryButton);
    g.script('a city made of glass', { outcome: 'succeed', afterPolls: 1, sizeBytes: 2 * MiB });
    const failedRow = await world.waitForRow(repo1, 'a city made of glass', (r) => r.status === 'failed');
    world.discord.injectButtonClick({ messageId: failed.id, userId: world.user, customId: retryCustomId(failedRow.id) });
    const retried = await world.finalMessage('a city made of glass', 1);
    record('  … the user presses Retry', describe(world, retried), world.view(retried).attached);

    g.script('a lighthouse in a storm', { outcome: 'succeed', afterPolls: 6, sizeBytes: 4 * MiB });
    world.veo('a lighthouse in a storm');
    await world.waitForRow(repo1, 'a lighthouse in a storm', (r) => r.status === 'generating');
    out('\n↻ Restarting the bot while "a lighthouse in a storm" is rendering…');
    await first.bot.stop();
    first = await world.startBot(global.config);
    out('Bot #2 is online; it resumes what bot #1 left.\n');
    const lighthouse = await world.finalMessage('a lighthouse in a storm');
    record('/veo a lighthouse in a storm (interrupted by the restart)', describe(world, lighthouse), world.view(lighthouse).attached);

    const starts = g.startCount;
    record('Vertex generations paid for', `${starts} (4 requests + 1 Again + 1 Retry)`, starts === 6);
    const repo2 = await world.repo(first.ctx);
    const rows = (await repo2.userHistory({ userId: world.user, limit: 20, offset: 0 })).items;
    const statuses = rows.map((r) => r.status).sort().join(', ');
    record('Final state in Postgres', statuses, rows.length === 6 && rows.filter((r) => r.status === 'completed').length === 5);
    const spend = rows.reduce((sum, r) => sum + (r.finalCostUsd ?? r.estimatedCostUsd), 0);
    const failedCost = rows.find((r) => r.status === 'failed')?.finalCostUsd;
    // A failure after Google accepted the start is counted: it may be billed (README, Spend control).
    record('Spend recorded (Veo 3.1 list prices)', `$${spend.toFixed(2)} in all, of which $${(failedCost ?? 0).toFixed(2)} for the generation that failed after Google accepted it`, spend > 0);
  } catch (error) {
    record('demo step', error instanceof Error ? error.message : String(error), false);
  } finally {
    await first.bot.stop().catch(() => undefined);
    await world.stop();
  }
  const ok = outcomes.every((o) => o.ok);
  out(`\n${ok ? 'Demo finished: every request ended in exactly one clear outcome.' : 'Demo finished with problems (see ✘ above).'}`);
  return ok;
}
