import { type Server, createServer } from 'node:http';
import type { Registry } from 'prom-client';

/** What /healthz reports. */
export interface HealthReport {
  readonly ok: boolean;
  readonly database: 'up' | 'down';
  readonly gateway: string;
  readonly queue?: { queued: number; running: number };
  /** This process's gateway shards: the total over every process, its ids, each one's state. */
  readonly shards?: { count: number | null; ids: readonly number[]; states: readonly { id: number; status: string; ping_ms: number | null }[] };
}

/** Serves /healthz (200 when healthy, 503 otherwise) and /metrics (Prometheus text). */
export class HealthServer {
  private server: Server | null = null;

  constructor(private readonly deps: { health: () => Promise<HealthReport>; registry: Registry }) {}

  /** Starts listening; resolves with the bound port. */
  async listen(port: number, host: string): Promise<number> {
    const server = createServer((req, res) => {
      void this.handle(req.url ?? '/').then(
        ({ status, type, body }) => {
          res.writeHead(status, { 'content-type': type });
          res.end(body);
        },
        () => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('internal error');
        },
      );
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(url: string): Promise<{ status: number; type: string; body: string }> {
    const path = url.split('?')[0];
    if (path === '/healthz') {
      const report = await this.deps.health();
      return { status: report.ok ? 200 : 503, type: 'application/json', body: JSON.stringify(report) };
    }
    if (path === '/metrics') return { status: 200, type: this.deps.registry.contentType, body: await this.deps.registry.metrics() };
    return { status: 404, type: 'text/plain', body: 'not found' };
  }
}
