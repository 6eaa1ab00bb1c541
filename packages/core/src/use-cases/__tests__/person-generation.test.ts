import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ID, VEO_MODELS } from '../../domain/models.js';
import { validateGenerationOptions } from '../../domain/generation-options.js';
import { settingsProblems } from '../../domain/guild-settings.js';
import { stricterPersonGeneration } from '../../domain/person-generation.js';
import { InMemoryGuildSettingsStore } from '../../testing/in-memory-guild-settings-store.js';
import { makeWorld, veo } from '../../__tests__/harness.js';
import type { PersonGeneration } from '../../domain/person-generation.js';

const operator = (personGeneration?: PersonGeneration) => ({ models: VEO_MODELS, defaultModel: DEFAULT_MODEL_ID, ...(personGeneration ? { personGeneration } : {}) });

function world(personGeneration?: PersonGeneration) {
  return makeWorld({ perUserDailyLimit: 10 }, { guildSettings: new InMemoryGuildSettingsStore(), policy: operator(personGeneration) });
}

async function allowPeople(w: ReturnType<typeof world>, value: PersonGeneration | null) {
  return w.core.guildSettingsAdmin!.change({ guildId: 'guild-1', actorId: 'owner', edit: () => ({ personGeneration: value }) });
}

describe("Vertex's personGeneration: the operator's setting, narrowed per server, stored with the request", () => {
  it('the stricter of two settings wins; unset (Google default, adults) stays unset unless the other is stricter', () => {
    expect(stricterPersonGeneration(null, null)).toBeNull();
    expect(stricterPersonGeneration(null, 'allow_all')).toBeNull();
    expect(stricterPersonGeneration(null, 'dont_allow')).toBe('dont_allow');
    expect(stricterPersonGeneration('allow_all', 'allow_adult')).toBe('allow_adult');
    expect(stricterPersonGeneration('dont_allow', 'allow_all')).toBe('dont_allow');
  });

  it("validation applies the operator's value and refuses unknown values or more than the operator allows", () => {
    expect(validateGenerationOptions({ prompt: 'p' }, operator())).toMatchObject({ ok: true, value: { personGeneration: null } });
    expect(validateGenerationOptions({ prompt: 'p' }, operator('dont_allow'))).toMatchObject({ ok: true, value: { personGeneration: 'dont_allow' } });
    expect(validateGenerationOptions({ prompt: 'p', personGeneration: 'everyone' }, operator())).toMatchObject({ ok: false, issues: [{ field: 'personGeneration' }] });
    expect(validateGenerationOptions({ prompt: 'p', personGeneration: 'allow_all' }, operator('allow_adult'))).toMatchObject({ ok: false, issues: [{ field: 'personGeneration' }] });
    // A stored request re-validated by an adapter that knows no operator value passes as stored.
    expect(validateGenerationOptions({ prompt: 'p', personGeneration: 'allow_all' }, { models: VEO_MODELS, defaultModel: DEFAULT_MODEL_ID })).toMatchObject({ ok: true, value: { personGeneration: 'allow_all' } });
  });

  it('a server may choose a value within the operator\'s, never above it', () => {
    expect(settingsProblems({ personGeneration: 'dont_allow' }, operator())).toEqual([]);
    expect(settingsProblems({ personGeneration: 'allow_adult' }, operator())).toEqual([]);
    expect(settingsProblems({ personGeneration: 'allow_all' }, operator())[0]).toContain('at most as "allow_adult"');
    expect(settingsProblems({ personGeneration: 'allow_all' }, operator('allow_all'))).toEqual([]);
    expect(settingsProblems({ personGeneration: 'allow_adult' }, operator('dont_allow'))[0]).toContain('at most as "dont_allow"');
    expect(settingsProblems({ personGeneration: 'anyone' as PersonGeneration }, operator())[0]).toContain('must be one of');
  });

  it("each request is stored and sent with the server's value when stricter, the operator's otherwise; DMs get the operator's", async () => {
    const w = world('allow_all');
    expect(await w.core.submit.execute(veo('before'))).toMatchObject({ ok: true, request: { personGeneration: 'allow_all' } });
    expect(await allowPeople(w, 'dont_allow')).toMatchObject({ ok: true });
    expect(await w.core.submit.execute(veo('after'))).toMatchObject({ ok: true, request: { personGeneration: 'dont_allow' } });
    expect(await w.core.submit.execute({ ...veo('direct message'), guildId: null })).toMatchObject({ ok: true, request: { personGeneration: 'allow_all' } });
    await w.core.scheduler.whenIdle();
    const sent = Object.fromEntries(w.generator.starts.map((s) => [s.params.prompt, s.params.personGeneration]));
    expect(sent).toEqual({ before: 'allow_all', after: 'dont_allow', 'direct message': 'allow_all' });
    const stored = w.repo.all().map((r) => [r.prompt, r.personGeneration]);
    expect(Object.fromEntries(stored)).toEqual(sent);
  });

  it('a server value above the operator\'s is refused and changes nothing; Again follows the rules as they stand now', async () => {
    const w = world('allow_adult');
    expect(await allowPeople(w, 'allow_all')).toMatchObject({ ok: false, reason: 'invalid' });
    const first = await w.core.submit.execute(veo('a crowd'));
    if (!first.ok) throw new Error('refused');
    expect(first.request.personGeneration).toBe('allow_adult');
    await w.core.scheduler.whenIdle();
    expect(await allowPeople(w, 'dont_allow')).toMatchObject({ ok: true });
    const again = await w.core.again.execute({ requestId: first.request.id, userId: 'user-1', channelId: 'channel-1', interaction: null });
    expect(again).toMatchObject({ ok: true, created: true, request: { personGeneration: 'dont_allow' } });
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts.map((s) => s.params.personGeneration)).toEqual(['allow_adult', 'dont_allow']);
  });
});
