import type { GuildSettingsStore } from '../ports/guild-settings-store.js';
import type { GuildSettingsSnapshot } from '../ports/guild-settings-snapshot.js';
import { VeoCore, type VeoCoreSettings } from '../core-app.js';
import { VEO_MODELS, DEFAULT_MODEL_ID } from '../domain/models.js';
import { InMemoryQuotaGate } from '../quota/in-memory-quota-gate.js';
import { FakeClock } from '../testing/fake-clock.js';
import { InMemoryBudgetLedger } from '../testing/in-memory-budget-ledger.js';
import { InMemoryErasureStore } from '../testing/in-memory-erasure-store.js';
import { InMemoryRequestRepository } from '../testing/in-memory-request-repository.js';
import { MemoryLogger } from '../testing/memory-logger.js';
import { RecordingNotifier } from '../testing/recording-notifier.js';
import { ScriptedVideoGenerator } from '../testing/scripted-video-generator.js';
import { SequentialIdGenerator } from '../testing/sequential-id-generator.js';
import type { InMemoryWorkerPresence } from '../testing/in-memory-worker-presence.js';
import type { Notifier } from '../ports/notifier.js';
import type { ModelPolicy } from '../domain/generation-options.js';

/** A whole core on in-memory fakes, with a clock that jumps ahead whenever everything waits. */
export function makeWorld(
  settings: Partial<VeoCoreSettings> = {},
  options: {
    auto?: boolean; repo?: InMemoryRequestRepository; clock?: FakeClock; ledger?: boolean;
    /** With an in-memory erasure store (storage purges, forget). */
    erasure?: boolean;
    /** Shared by every instance of one world (like one Postgres server). */
    presence?: InMemoryWorkerPresence; workerId?: string; generator?: ScriptedVideoGenerator; notifier?: Notifier;
    /** Models offered (default: the built-in set). */
    policy?: ModelPolicy;
    /** Per-server settings (shared by the instances of one world). */
    guildSettings?: GuildSettingsStore;
    /** The local copy of those settings (one per simulated host). */
    guildSettingsSnapshot?: GuildSettingsSnapshot;
  } = {},
) {
  const clock = options.clock ?? new FakeClock(Date.UTC(2026, 10, 23, 12, 0, 0), { auto: options.auto ?? true });
  const repo = options.repo ?? new InMemoryRequestRepository(options.presence ? { presence: options.presence } : {});
  const generator = options.generator ?? new ScriptedVideoGenerator();
  const recording = new RecordingNotifier();
  const notifier = options.notifier ?? recording;
  const logger = new MemoryLogger();
  const ledger = options.ledger ? new InMemoryBudgetLedger(repo) : undefined;
  const erasure = options.erasure ? new InMemoryErasureStore(repo, ledger) : undefined;
  const quota = new InMemoryQuotaGate({ clock, limits: { start: 10, poll: 600 } });
  const core = new VeoCore({
    repo,
    generator,
    store: generator.store,
    notifier,
    quota,
    clock,
    logger,
    ids: new SequentialIdGenerator(),
    workerId: options.workerId ?? 'worker-a',
    ...(options.presence ? { presence: options.presence } : {}),
    policy: options.policy ?? { models: VEO_MODELS, defaultModel: DEFAULT_MODEL_ID },
    settings,
    ...(ledger ? { ledger } : {}),
    ...(options.guildSettings ? { guildSettings: options.guildSettings } : {}),
    ...(options.guildSettingsSnapshot ? { guildSettingsSnapshot: options.guildSettingsSnapshot } : {}),
    ...(erasure ? { erasure } : {}),
  });
  return { clock, repo, generator, notifier: recording, logger, quota, core, ledger, store: generator.store };
}

export type World = ReturnType<typeof makeWorld>;

/** A `/veo` from user-1 in guild-1/channel-1. */
export function veo(prompt: string, extra: Record<string, unknown> = {}, userId = 'user-1') {
  return {
    userId,
    guildId: 'guild-1',
    channelId: 'channel-1',
    options: { prompt, ...extra },
    interaction: { applicationId: 'app', interactionId: `i-${prompt}`, token: `tok-${prompt}` },
  };
}
