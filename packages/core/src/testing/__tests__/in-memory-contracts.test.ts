import { InMemoryBudgetLedger } from '../in-memory-budget-ledger.js';
import { guildSettingsStoreContract } from '../contracts/guild-settings-store.contract.js';
import { InMemoryGuildSettingsStore } from '../in-memory-guild-settings-store.js';
import { guildSettingsSnapshotContract } from '../contracts/guild-settings-snapshot.contract.js';
import { InMemoryGuildSettingsSnapshot } from '../in-memory-guild-settings-snapshot.js';
import { budgetLedgerContract } from '../contracts/budget-ledger.contract.js';
import { InMemoryQuotaGate } from '../../quota/in-memory-quota-gate.js';
import { InMemoryRequestRepository } from '../in-memory-request-repository.js';
import { InMemoryWorkerPresence } from '../in-memory-worker-presence.js';
import { ScriptedVideoGenerator } from '../scripted-video-generator.js';
import { RecordingNotifier } from '../recording-notifier.js';
import { aRequest, testUuid } from '../builders.js';
import { requestRepositoryContract } from '../contracts/request-repository.contract.js';
import { videoGeneratorContract } from '../contracts/video-generator.contract.js';
import { quotaGateContract } from '../contracts/quota-gate.contract.js';
import { notifierContract } from '../contracts/notifier.contract.js';
import { videoStoreContract } from '../contracts/video-store.contract.js';
import { erasureStoreContract } from '../contracts/erasure-store.contract.js';
import { InMemoryErasureStore } from '../in-memory-erasure-store.js';
import { InMemoryVideoStore } from '../in-memory-video-store.js';
import type { VideoRequest } from '../../domain/video-request.js';
import { repositoryBacklog } from '../../services/backlog-pages.js';
import { backlogReaderContract } from '../contracts/backlog-reader.contract.js';

requestRepositoryContract('in-memory', async () => {
  const presence = new InMemoryWorkerPresence();
  const repo = new InMemoryRequestRepository({ presence });
  return { repo, presence: { join: (id) => presence.join(id), kill: async (id) => presence.drop(id) } };
});

backlogReaderContract('over the in-memory repository', async () => {
  const repo = new InMemoryRequestRepository();
  return { repo, reader: repositoryBacklog(repo) };
});

videoGeneratorContract('scripted fake', async () => {
  const generator = new ScriptedVideoGenerator();
  return { generator, store: generator.store, script: (p, s) => generator.script(p, s), restart: () => generator };
});

quotaGateContract('in-memory', async ({ startsPerMinute, clock }) => ({
  gate: new InMemoryQuotaGate({ clock, limits: { start: startsPerMinute, poll: 100 } }),
}));

notifierContract('recording', async () => {
  const notifier = new RecordingNotifier();
  const make = (overrides: Partial<VideoRequest> = {}) => aRequest({ id: testUuid(), ...overrides });
  return {
    notifier,
    reachable: async (o) => make(o),
    channelGone: async () => {
      notifier.goneChannels.add('gone');
      return make({ channelId: 'gone' });
    },
    noPermission: async () => {
      notifier.goneChannels.add('denied');
      return make({ channelId: 'denied' });
    },
    messagesFor: async (request) =>
      notifier.finalsFor(request.id).map((n) => {
        if (n.kind === 'completed') {
          const text = `${request.prompt} ${n.attached ? '' : n.notice.video.link} ${n.notice.resumed ? 'Resumed after bot restart' : ''}`;
          return { text, mentionsUser: true, attached: n.attached, retryButton: false };
        }
        const reason = n.kind === 'failed' ? n.notice.reason : '';
        return { text: `${reason} — try /veo again`, mentionsUser: true, attached: false, retryButton: n.kind === 'failed' && n.notice.retryable };
      }),
  };
});

budgetLedgerContract('in-memory', async () => {
  const repo = new InMemoryRequestRepository();
  return { repo, ledger: new InMemoryBudgetLedger(repo) };
});

guildSettingsStoreContract('in-memory', async () => {
  const store = new InMemoryGuildSettingsStore();
  return { a: store, b: store };
});

guildSettingsSnapshotContract('in-memory', async () => {
  const snapshot = new InMemoryGuildSettingsSnapshot();
  return { snapshot, reopen: () => snapshot };
});

videoStoreContract('in-memory', async () => {
  const store = new InMemoryVideoStore();
  return { store, bucket: 'mem-bucket', put: async (uri, size, type) => void store.put(uri, size, type), exists: async (uri) => (await store.describe(uri)) !== null };
});

erasureStoreContract('in-memory', async () => {
  const repo = new InMemoryRequestRepository();
  const ledger = new InMemoryBudgetLedger(repo);
  return { repo, ledger, erasure: new InMemoryErasureStore(repo, ledger) };
});
