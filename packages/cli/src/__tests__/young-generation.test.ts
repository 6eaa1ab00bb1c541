import { describe, expect, it } from 'vitest';
import { keepYoungGenerationSmall } from '../runtime/young-generation.js';

describe('keepYoungGenerationSmall', () => {
  it('leaves a young generation the operator sized alone (node flags or NODE_OPTIONS)', () => {
    expect(keepYoungGenerationSmall(['--max-semi-space-size=8'], '')).toBe(false);
    expect(keepYoungGenerationSmall([], '--enable-source-maps --max-semi-space-size=16')).toBe(false);
    expect(keepYoungGenerationSmall(['--min-semi-space-size=4'], '')).toBe(false);
  });

  it('otherwise stops it growing (a V8 flag that can still be set at run time)', () => {
    expect(keepYoungGenerationSmall([], '--enable-source-maps')).toBe(true);
  });
});
