import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../errors.js';
import { allowedSources, checkTransition, isTerminal } from '../status.js';

describe('Request Status State Machine', () => {
  it('Valid status transitions: pending → generating → completed | failed | timeout', () => {
    expect(checkTransition('r', 'pending', 'generating')).toBe('apply');
    expect(checkTransition('r', 'generating', 'completed')).toBe('apply');
    expect(checkTransition('r', 'generating', 'failed')).toBe('apply');
    expect(checkTransition('r', 'generating', 'timeout')).toBe('apply');
  });

  it('lets a pending request fail or time out without starting (resume: expired, channel gone)', () => {
    expect(checkTransition('r', 'pending', 'timeout')).toBe('apply');
    expect(checkTransition('r', 'pending', 'failed')).toBe('apply');
  });

  it('Invalid status transition attempt: completed → generating throws "Invalid status transition" with a code', () => {
    let caught: unknown;
    try {
      checkTransition('req-1', 'completed', 'generating');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidTransitionError);
    expect(caught).toMatchObject({ code: 'INVALID_TRANSITION', from: 'completed', to: 'generating', requestId: 'req-1' });
    expect((caught as Error).message).toContain('Invalid status transition');
  });

  it('rejects every other move', () => {
    for (const [from, to] of [['pending', 'completed'], ['generating', 'pending'], ['failed', 'pending'], ['timeout', 'completed'], ['completed', 'failed']] as const) {
      expect(() => checkTransition('r', from, to)).toThrow(InvalidTransitionError);
    }
  });

  it('Idempotent status updates: same status is a no-op', () => {
    for (const s of ['pending', 'generating', 'completed', 'failed', 'timeout'] as const) expect(checkTransition('r', s, s)).toBe('noop');
  });

  it('lists the sources a guarded UPDATE may move from', () => {
    expect(allowedSources('generating')).toEqual(['pending']);
    expect(allowedSources('timeout')).toEqual(['pending', 'generating']);
    expect(allowedSources('completed')).toEqual(['generating']);
    expect(allowedSources('pending')).toEqual([]);
    expect(isTerminal('failed')).toBe(true);
    expect(isTerminal('generating')).toBe(false);
  });
});
