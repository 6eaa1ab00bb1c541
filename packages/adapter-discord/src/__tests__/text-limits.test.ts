import { describe, expect, it } from 'vitest';
import { aRequest } from '@veo-bot/core/testing';
import { completionBody, failureBody } from '../message-builders.js';
import { DISCORD_LIMITS, ELLIPSIS, embedsSize, fitEmbeds, fitMessage, truncate } from '../text-limits.js';
import { historyEntry } from '../history-view.js';
import { checkAgainstDiscord } from '../testing/strict-check.js';

const request = aRequest({ userId: '4242', channelId: '5000', prompt: 'p'.repeat(1900), errorMessage: 'e'.repeat(5000) });
const strictlyValid = (body: unknown) => checkAgainstDiscord({ method: 'POST', path: '/channels/5000/messages', query: {}, body }, false);

describe('text limits', () => {
  it('truncate cuts with an ellipsis, never splits a surrogate pair, leaves short text alone', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdefghij', 5)).toBe(`abcd${ELLIPSIS}`);
    const emoji = `${'a'.repeat(3)}😀😀`;
    const cut = truncate(emoji, 5);
    expect(cut.length).toBeLessThanOrEqual(5);
    expect(cut).toBe(`aaa${ELLIPSIS}`);
  });

  it('a 3,000-character Vertex error as the reason: content ≤ 2,000, cut with "…", the hint and the Retry button kept, valid for Discord', () => {
    const body = failureBody(request, { reason: `Vertex said: ${'x'.repeat(3000)}`, resumed: false, retryable: true, route: 'channel' });
    expect(body.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(body.content).toContain(`${ELLIPSIS}\nYou can press Retry`);
    expect(JSON.stringify(body.components)).toContain('veo:retry:');
    expect(strictlyValid(body)).toBeNull();
  });

  it('a dozen long safety reasons joined are cut the same way', () => {
    const reason = Array.from({ length: 12 }, (_, i) => `Safety filter ${i}: ${'r'.repeat(400)}`).join('; ');
    const body = failureBody(request, { reason, resumed: true, retryable: false, route: 'channel' });
    expect(body.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(strictlyValid(body)).toBeNull();
  });

  it('a very long video link stays whole in the content and the embed field says where it is', () => {
    const link = `https://storage.test/v.mp4?sig=${'s'.repeat(1500)}`;
    const video = { sizeBytes: 200 * 1024 * 1024, mimeType: 'video/mp4', fileName: 'v.mp4', link, open: async function* () {} };
    const body = completionBody(request, { video, resumed: false, route: 'channel' }, false, 10 * 1024 * 1024);
    expect(body.content).toContain(link);
    expect(body.embeds[0]?.fields?.at(-1)?.value).toContain('The link is in the message above');
    expect(strictlyValid(body)).toBeNull();
  });

  it('embeds over 6,000 in total are shortened (descriptions first, then the last fields); 25 fields at most', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ name: `field ${i}`, value: 'v'.repeat(1000) }));
    const fitted = fitEmbeds([{ title: 't'.repeat(300), description: 'd'.repeat(5000), fields, footer: { text: 'Request 1' } }]);
    expect(embedsSize(fitted)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(fitted[0]?.fields?.length).toBeLessThanOrEqual(25);
    expect(fitted[0]?.title?.length).toBe(256);
    expect(fitted[0]?.footer?.text).toBe('Request 1');
    expect(strictlyValid({ content: 'x', embeds: fitted })).toBeNull();
  });

  it('fitMessage caps content, embeds and action rows', () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ type: 1, components: [{ type: 2, style: 1, custom_id: `b${i}`, label: 'B' }] }));
    const fitted = fitMessage({ content: 'c'.repeat(2500), embeds: [{ description: 'd'.repeat(4200) }], components: rows });
    expect(fitted.content.length).toBe(2000);
    expect(fitted.embeds[0]?.description?.length).toBe(4096);
    expect(fitted.components).toHaveLength(5);
    expect(strictlyValid(fitted)).toBeNull();
  });

  it('a history entry with a 5,000-character failure reason fits a field', () => {
    const entry = historyEntry({ ...request, status: 'failed' }, 1, null);
    expect(entry.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    expect(entry.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
  });
});
