import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ID, VEO_MODELS } from '@veo-bot/core';
import { historyCustomId, MAX_CUSTOM_ID_LENGTH, parseHistoryCustomId } from '../custom-ids.js';
import { buildCommands } from '../register-commands.js';

describe('history page buttons', () => {
  it('carry owner, filter and page in the custom_id, within Discord’s 100 characters', () => {
    const id = historyCustomId({ ownerId: '12345678901234567890', status: 'generating', page: 999_999 });
    expect(id).toBe('veo:hist:12345678901234567890:generating:999999');
    expect(id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
    expect(parseHistoryCustomId(id)).toEqual({ ownerId: '12345678901234567890', status: 'generating', page: 999_999 });
    expect(parseHistoryCustomId('veo:hist:42:*:3')).toEqual({ ownerId: '42', status: null, page: 3 });
  });

  it.each(['veo:retry:abc', 'veo:hist:42:*:0', 'veo:hist:42:done:1', 'veo:hist:x:*:1', 'veo:hist:42:*:1:extra', 'veo:hist:42:*'])('rejects %s', (id) => {
    expect(parseHistoryCustomId(id)).toBeNull();
  });
});

describe('buildCommands', () => {
  const policy = { models: VEO_MODELS, defaultModel: DEFAULT_MODEL_ID };
  it('has every command by default and leaves out the ones without handlers', () => {
    expect(buildCommands(policy).map((c) => c.name)).toEqual(['veo', 'veo-history', 'veo-stats', 'veo-budget', 'veo-settings', 'veo-forget-me', 'Make a Veo video']);
    expect(buildCommands(policy, { history: false, stats: false, budget: false, settings: false, forget: false, messageCommand: false }).map((c) => c.name)).toEqual(['veo']);
    expect(buildCommands(policy, { history: false, stats: false, settings: false, forget: false }).map((c) => c.name)).toEqual(['veo', 'veo-budget', 'Make a Veo video']);
  });

  it("with /veo-settings, /veo's model, resolution and duration are autocomplete options without choices; without it, fixed choices", () => {
    type Option = { name: string; autocomplete?: boolean; choices?: unknown[] };
    // `/veo` is first; the list also holds the message command, which has no options.
    const narrowed = (command: unknown) => ((command as { options: Option[] }).options).filter((o) => ['model', 'resolution', 'duration'].includes(o.name));
    const withSettings = narrowed(buildCommands(policy)[0]);
    expect(withSettings.map((o) => [o.name, o.autocomplete, o.choices ?? []])).toEqual([['duration', true, []], ['resolution', true, []], ['model', true, []]]);
    const without = narrowed(buildCommands(policy, { settings: false })[0]);
    expect(without.map((o) => [o.name, o.autocomplete ?? false, o.choices?.length])).toEqual([['duration', false, 3], ['resolution', false, 2], ['model', false, 3]]);
  });
});
