import { describe, expect, it } from 'vitest';
import { RepositoryUnavailableError } from '@veo-bot/core';
import { isConnectionError, toRepositoryError } from '../errors.js';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('connection error mapping', () => {
  it.each([
    ['refused', withCode('ECONNREFUSED')],
    ['timed out', withCode('ETIMEDOUT')],
    ['unknown host', withCode('ENOTFOUND')],
    ['admin shutdown', withCode('57P01')],
    ['crash shutdown', withCode('57P02')],
    ['starting up', withCode('57P03')],
    ['connection failure class 08', withCode('08006')],
    ['lost connection', new Error('Connection terminated unexpectedly')],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['dual-stack refusal', new AggregateError([withCode('ECONNREFUSED')], 'connect failed')],
  ])('treats %s as unavailable', (_name, error) => {
    expect(isConnectionError(error)).toBe(true);
    const mapped = toRepositoryError(error, 'get');
    expect(mapped).toBeInstanceOf(RepositoryUnavailableError);
    expect((mapped as RepositoryUnavailableError).cause).toBe(error);
  });

  it.each([
    ['a check violation', withCode('23514')],
    ['a syntax error', withCode('42601')],
    ['a plain bug', new TypeError('x is undefined')],
  ])('passes %s through unchanged', (_name, error) => {
    expect(isConnectionError(error)).toBe(false);
    expect(toRepositoryError(error, 'get')).toBe(error);
  });
});
