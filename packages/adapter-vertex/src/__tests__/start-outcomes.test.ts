import { ApiError } from '@google/genai';
import { testUuid } from '@veo-bot/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyPollError, classifyStartError, redactSecrets } from '../index.js';
import { FakeGoogleCloud, createFakeVertexAdapters } from '../testing/index.js';
import { params } from './helpers.js';

const SECRET = 'ya29.super-secret-token-value';
const sentTrace = { sent: true, answered: true };
const apiError = (status: number, message: string, reason = 'X') =>
  new ApiError({ status, message: JSON.stringify({ error: { code: status, message, status: reason } }) });
const network = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(code.toLowerCase()), { code }) });

describe('start outcomes on the wire', () => {
  let fake: FakeGoogleCloud;
  beforeEach(async () => {
    fake = new FakeGoogleCloud({ accessToken: SECRET });
    await fake.start();
  });
  afterEach(() => fake.stop());

  it('a start whose connection is reset after sending is unknown-outcome, and is not re-sent', async () => {
    const { generator } = createFakeVertexAdapters(fake, { token: SECRET });
    fake.failNextStart('reset');
    const outcome = await generator.start(testUuid(), params('lost answer'));
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'unknown-outcome' } });
    expect(fake.requests.filter((r) => r.path.endsWith(':predictLongRunning'))).toHaveLength(1);
    expect(fake.startCount).toBe(1);
  });

  it('a start that gets no answer before the timeout is unknown-outcome', async () => {
    const { generator } = createFakeVertexAdapters(fake, { token: SECRET, startTimeoutMs: 200 });
    fake.failNextStart('hang');
    expect(await generator.start(testUuid(), params('hanging'))).toMatchObject({ ok: false, error: { kind: 'unknown-outcome' } });
    expect(fake.startCount).toBe(1);
  });

  it('connection refused is transient: nothing was sent', async () => {
    const { generator } = createFakeVertexAdapters(fake, { token: SECRET });
    await fake.stop();
    expect(await generator.start(testUuid(), params('offline'))).toMatchObject({ ok: false, error: { kind: 'transient' } });
    const poll = await generator.poll('projects/p/locations/l/publishers/google/models/m/operations/1');
    expect(poll).toMatchObject({ state: 'error', error: { kind: 'transient' } });
  });

  it('a wrong token is rejected and no message carries a secret', async () => {
    const wrong = 'ya29.wrong-token-that-must-not-leak';
    const { generator } = createFakeVertexAdapters(fake, { token: wrong });
    const started = await generator.start(testUuid(), params('auth'));
    expect(started).toMatchObject({ ok: false, error: { kind: 'rejected', status: 401 } });
    const polled = await generator.poll('projects/p/locations/l/publishers/google/models/m/operations/1');
    expect(polled).toMatchObject({ state: 'error', error: { kind: 'rejected', status: 401 } });
    const text = JSON.stringify([started, polled]);
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(SECRET);
    expect(JSON.stringify(fake.requests)).not.toContain(wrong);
  });
});

describe('error classification', () => {
  it('maps statuses of a start', () => {
    expect(classifyStartError(apiError(429, 'quota', 'RESOURCE_EXHAUSTED'), { ...sentTrace, retryAfter: '7' })).toMatchObject({ kind: 'quota', retryAfterMs: 7000 });
    expect(classifyStartError(apiError(400, 'x RESOURCE_EXHAUSTED', 'RESOURCE_EXHAUSTED'), sentTrace).kind).toBe('quota');
    for (const status of [500, 502, 503]) expect(classifyStartError(apiError(status, 'down'), sentTrace)).toMatchObject({ kind: 'transient', status });
    expect(classifyStartError(apiError(504, 'gateway timeout'), sentTrace).kind).toBe('unknown-outcome');
    expect(classifyStartError(apiError(403, 'Permission denied on resource project p'), sentTrace)).toEqual({ kind: 'rejected', status: 403, message: 'Permission denied on resource project p' });
  });

  it('maps network failures of a start by whether the request may have arrived', () => {
    expect(classifyStartError(network('ECONNREFUSED'), { sent: true, answered: false }).kind).toBe('transient');
    expect(classifyStartError(network('ENOTFOUND'), { sent: true, answered: false }).kind).toBe('transient');
    expect(classifyStartError(network('ECONNRESET'), { sent: true, answered: false }).kind).toBe('unknown-outcome');
    expect(classifyStartError(network('UND_ERR_SOCKET'), { sent: true, answered: false }).kind).toBe('unknown-outcome');
    expect(classifyStartError(new Error('socket hang up'), { sent: true, answered: false }).kind).toBe('unknown-outcome');
    expect(classifyStartError(Object.assign(new Error('aborted'), { name: 'AbortError' }), { sent: true, answered: false }).kind).toBe('unknown-outcome');
    expect(classifyStartError(new Error('Could not load the default credentials'), { sent: false, answered: false }).kind).toBe('rejected');
    expect(classifyStartError(new Error('metadata server busy'), { sent: false, answered: false }).kind).toBe('transient');
  });

  it('maps poll failures and parses RetryInfo delays', () => {
    expect(classifyPollError(apiError(429, 'slow down', 'RESOURCE_EXHAUSTED'), sentTrace)).toMatchObject({ kind: 'quota' });
    const withDelay = new ApiError({ status: 429, message: JSON.stringify({ error: { code: 429, message: 'q', details: [{ retryDelay: '1.5s' }] } }) });
    expect(classifyPollError(withDelay, sentTrace)).toMatchObject({ kind: 'quota', retryAfterMs: 1500 });
    expect(classifyPollError(apiError(503, 'down'), sentTrace).kind).toBe('transient');
    expect(classifyPollError(network('ECONNRESET'), sentTrace).kind).toBe('transient');
    expect(classifyPollError(apiError(400, 'bad name'), sentTrace).kind).toBe('rejected');
  });

  it('redacts tokens, keys and signatures', () => {
    const text = `Bearer ${SECRET} {"private_key":"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n"} https://x/o?X-Goog-Signature=abcdef&a=1 ${SECRET}`;
    const clean = redactSecrets(text);
    expect(clean).not.toContain('super-secret');
    expect(clean).not.toContain('MIIE');
    expect(clean).not.toContain('abcdef');
    expect(clean).toContain('a=1');
  });
});
