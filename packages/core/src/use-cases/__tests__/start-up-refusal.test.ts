import { describe, expect, it } from 'vitest';
import { ConfigurationError, RepositoryUnavailableError } from '../../domain/errors.js';
import { makeWorld } from '../../__tests__/harness.js';

describe('start-up: preparing the database', () => {
  it('an outage is retried until it answers; a refusal for good (ConfigurationError, e.g. a schema newer than the code) rejects at once and resumes nothing', async () => {
    const w = makeWorld();
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls === 1) throw new RepositoryUnavailableError('down');
    };
    const started = w.core.startUp(flaky);
    await w.clock.advance(5_000);
    expect(await started).toMatchObject({ status: 'nothing' });
    expect(calls).toBe(2);

    const refusing = makeWorld();
    let tries = 0;
    const refused = refusing.core.startUp(async () => {
      tries += 1;
      throw new ConfigurationError('The database schema is at migration 99, newer than this veo-bot knows (10)');
    });
    await expect(refused).rejects.toBeInstanceOf(ConfigurationError);
    await refusing.clock.advance(60_000);
    expect(tries).toBe(1);
    expect(refusing.logger.find('Failed to query incomplete requests')).toHaveLength(0);
  });
});
