import { describe, expect, it } from 'vitest';
import { forgetCustomId, parseForgetCustomId } from '../custom-ids.js';

describe('the /veo-forget-me confirm button custom_id', () => {
  it('round-trips owner and time, and fits Discord’s limit', () => {
    const id = forgetCustomId({ ownerId: '12345678901234567890', issuedAtSeconds: 1_795_000_000 });
    expect(id).toBe('veo:forget:12345678901234567890:1795000000');
    expect(parseForgetCustomId(id)).toEqual({ ownerId: '12345678901234567890', issuedAtSeconds: 1_795_000_000 });
  });

  it('refuses anything malformed (a forged or foreign id)', () => {
    for (const bad of ['veo:forget:', 'veo:forget:601', 'veo:forget:abc:1', 'veo:forget:601:x', 'veo:forget:601:1:2', 'veo:retry:601:1', `veo:forget:601:${'9'.repeat(12)}`]) {
      expect(parseForgetCustomId(bad)).toBeNull();
    }
  });
});
