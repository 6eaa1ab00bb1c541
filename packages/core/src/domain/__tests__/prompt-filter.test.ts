import { describe, expect, it } from 'vitest';
import { blockedTerm, foldText, regexProblem } from '../prompt-filter.js';
import { settingsProblems } from '../guild-settings.js';
import { DEFAULT_MODEL_ID, VEO_MODELS } from '../models.js';

const rules = (blockedWords: string[], blockedPatterns: string[] = []) => ({ blockedWords, blockedPatterns });

describe('blocked words and patterns', () => {
  it('matches whole words only, in any case and with any accents', () => {
    expect(foldText('Crème BRÛLÉE')).toBe('creme brulee');
    expect(blockedTerm('a CAFÉ at night', rules(['cafe']))).toBe('cafe');
    expect(blockedTerm('a cafe at night', rules(['Café']))).toBe('Café');
    expect(blockedTerm('a classic car', rules(['ass']))).toBeNull();
    expect(blockedTerm('a cafeteria', rules(['cafe']))).toBeNull();
    expect(blockedTerm('hot dog stand', rules(['hot dog']))).toBe('hot dog');
    expect(blockedTerm('nothing here', rules([]))).toBeNull();
  });

  it('matches patterns against the folded prompt, case-insensitively', () => {
    expect(blockedTerm('Ｖｏｔｅ for Bob in 2028', rules([], ['vote\\s+for']))).toBe('vote\\s+for');
    expect(blockedTerm('a quiet lake', rules([], ['vote\\s+for']))).toBeNull();
  });

  it('refuses patterns whose backtracking could stall the bot, and accepts ordinary ones', () => {
    for (const bad of ['(a+)+$', '(a*)*b', '(a|ab)*c', '(x+x+)+y', '(.*a){3}', '(\\w+\\s?)*$']) expect(regexProblem(bad)).toMatch(/repeat|alternate/);
    expect(regexProblem('(a)\\1')).toMatch(/back-references/);
    expect(regexProblem('([a-z')).toMatch(/not a valid/);
    expect(regexProblem('x'.repeat(101))).toMatch(/1 to 100/);
    expect(regexProblem('a+b+c+d+e+f+g+')).toMatch(/at most 6/);
    for (const good of ['vote\\s+for', 'b[a4]d\\s?word', '(foo|bar)', '(colou?r)s?', '\\d{3}-\\d{4}', '[(]+x']) expect(regexProblem(good)).toBeNull();
  });

  it('an accepted pattern answers fast even on a prompt built to trip it', () => {
    const pattern = '(\\w+)\\s+end';
    expect(regexProblem(pattern)).toBeNull();
    // Not a timing assertion: a pattern with exponential backtracking would not finish at all.
    expect(blockedTerm(`${'a '.repeat(1000)}!`, rules([], [pattern]))).toBeNull();
  });
});

describe('settings values', () => {
  const policy = { models: VEO_MODELS, defaultModel: DEFAULT_MODEL_ID };
  it('refuses absurd values with one message each, and accepts sane ones', () => {
    expect(settingsProblems({ perUserDailyLimit: -1 }, policy)).toEqual(['The per-member limit must be a whole number from 0 to 1000.']);
    expect(settingsProblems({ blockedWords: Array.from({ length: 10_000 }, (_, i) => `w${i}`) }, policy)).toEqual(['At most 500 blocked words.']);
    expect(settingsProblems({ blockedPatterns: ['(a+)+'] }, policy)[0]).toMatch(/^Pattern `\(a\+\)\+`: a repeated group/);
    expect(settingsProblems({ allowedChannels: ['123456789012345678'] }, policy, () => false)).toEqual(['<#123456789012345678> is not a channel of this server.']);
    expect(settingsProblems({ allowedChannels: ['general'] }, policy)).toEqual(['general is not a channel id.']);
    expect(settingsProblems({ allowedModels: ['veo-2.0-generate-001'] }, policy)).toEqual(['veo-2.0-generate-001 is not a model this bot offers.']);
    expect(settingsProblems({ allowedDurations: [5] }, policy)).toEqual(['5 s is not a duration any offered model makes.']);
    expect(settingsProblems({ perUserDailyLimit: 3, allowedResolutions: ['720p'], allowedDurations: [4, 8], blockedWords: ['spoiler'], allowedChannels: ['123456789012345678'] }, policy, () => true)).toEqual([]);
  });
});
