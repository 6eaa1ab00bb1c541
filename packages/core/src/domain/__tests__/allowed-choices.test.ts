import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock.js';
import { InMemoryGuildSettingsStore } from '../../testing/in-memory-guild-settings-store.js';
import { MemoryLogger } from '../../testing/memory-logger.js';
import { GuildRules } from '../../services/guild-rules.js';
import { GuildSettingsCache } from '../../services/guild-settings-cache.js';
import { allowedChoices } from '../allowed-choices.js';
import { validateGenerationOptions } from '../generation-options.js';
import { type GuildSettings, defaultGuildSettings } from '../guild-settings.js';
import { DEFAULT_MODEL_ID, VEO_MODELS, type ModelCapabilities } from '../models.js';

/** A 720p-only model with other lengths, such as an operator might declare. */
const SHORT: ModelCapabilities = { id: 'veo-short-001', label: 'Short Veo', durations: [5, 6], aspectRatios: ['16:9'], resolutions: ['720p'], audio: false, defaultDuration: 6 };
const policy = { models: [...VEO_MODELS, SHORT], defaultModel: DEFAULT_MODEL_ID };
const ids = (models: readonly ModelCapabilities[]) => models.map((m) => m.id);
const guild = (change: Partial<GuildSettings>): GuildSettings => ({ ...defaultGuildSettings('guild-1'), ...change });

describe('allowedChoices', () => {
  it('without settings (a direct message, or settings unknown): everything the operator offers', () => {
    expect(allowedChoices(policy, null)).toEqual({ models: policy.models, resolutions: ['720p', '1080p'], durations: [4, 5, 6, 8] });
    expect(allowedChoices(policy, defaultGuildSettings('guild-1'))).toEqual(allowedChoices(policy, null));
  });

  it("narrows each option to the server's allowed values, in the operator's order", () => {
    const settings = guild({ allowedModels: [SHORT.id, 'veo-3.1-fast-generate-001'], allowedResolutions: ['720p'], allowedDurations: [8, 6] });
    const choices = allowedChoices(policy, settings);
    expect(ids(choices.models)).toEqual(['veo-3.1-fast-generate-001', SHORT.id]);
    expect(choices.resolutions).toEqual(['720p']);
    expect(choices.durations).toEqual([6, 8]);
  });

  it('durations and resolutions come from the allowed models only, or from the chosen model', () => {
    expect(allowedChoices(policy, guild({ allowedModels: [SHORT.id] }))).toMatchObject({ resolutions: ['720p'], durations: [5, 6] });
    expect(allowedChoices(policy, null, SHORT.id)).toMatchObject({ resolutions: ['720p'], durations: [5, 6] });
    expect(allowedChoices(policy, null, DEFAULT_MODEL_ID)).toMatchObject({ resolutions: ['720p', '1080p'], durations: [4, 6, 8] });
    expect(allowedChoices(policy, guild({ allowedDurations: [4, 5] }), SHORT.id).durations).toEqual([5]);
    // Allowed by the server but not made by the chosen model: nothing to offer.
    expect(allowedChoices(policy, guild({ allowedResolutions: ['1080p'] }), SHORT.id).resolutions).toEqual([]);
  });

  it('a chosen model the operator does not offer (typed by hand) narrows nothing', () => {
    expect(allowedChoices(policy, null, 'veo-9')).toEqual(allowedChoices(policy, null));
    expect(allowedChoices(policy, null, '')).toEqual(allowedChoices(policy, null));
  });

  it('every combination it offers is accepted by validation and by the server rules', async () => {
    const settings = guild({ allowedModels: [SHORT.id, DEFAULT_MODEL_ID], allowedResolutions: ['720p'], allowedDurations: [4, 6] });
    const store = new InMemoryGuildSettingsStore();
    await store.update('guild-1', () => settings, 'owner', new Date(0));
    const logger = new MemoryLogger();
    const rules = new GuildRules({ cache: new GuildSettingsCache({ store, clock: new FakeClock(), logger }), logger, policy });
    for (const model of allowedChoices(policy, settings).models) {
      const { resolutions, durations } = allowedChoices(policy, settings, model.id);
      expect(resolutions.length * durations.length).toBeGreaterThan(0);
      for (const resolution of resolutions) {
        for (const durationSeconds of durations) {
          const params = validateGenerationOptions({ prompt: 'a fox', model: model.id, resolution, durationSeconds, generateAudio: false }, policy);
          if (!params.ok) throw new Error(JSON.stringify(params.issues));
          expect(await rules.check({ guildId: 'guild-1', userId: 'u', channelId: 'c', params: params.value })).toMatchObject({ ok: true });
        }
      }
    }
  });
});
