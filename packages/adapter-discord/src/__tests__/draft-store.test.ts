import { describe, expect, it } from 'vitest';
import { DRAFT_TTL_MS, InMemoryDraftStore, type VeoDraft } from '../draft-store.js';
import { parsePromptModalCustomId, promptModalCustomId } from '../custom-ids.js';

const draft = (userId: string): VeoDraft => ({ userId, options: { durationSeconds: 6 }, attachments: [] });

describe('InMemoryDraftStore', () => {
  it('ids fit a prompt modal custom_id and parse back; a draft is taken once, only by its user', () => {
    const store = new InMemoryDraftStore();
    const id = store.put(draft('1'));
    expect(parsePromptModalCustomId(promptModalCustomId(id))).toBe(id);
    expect(store.take(id, '2')).toBeNull();
    expect(store.take(id, '1')).toEqual(draft('1'));
    expect(store.take(id, '1')).toBeNull();
  });

  it('expires after 15 minutes and is bounded: past maxEntries the oldest goes', () => {
    let now = 0;
    const store = new InMemoryDraftStore({ now: () => now, maxEntries: 3 });
    const ids = ['a', 'b', 'c', 'd'].map((u) => store.put(draft(u)));
    expect(store.size).toBe(3);
    expect(store.take(ids[0]!, 'a')).toBeNull();
    now = DRAFT_TTL_MS - 1;
    expect(store.take(ids[1]!, 'b')).not.toBeNull();
    now = DRAFT_TTL_MS;
    expect(store.take(ids[2]!, 'c')).toBeNull();
    expect(store.size).toBe(0);
  });
});
