import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request seen by an {@link HttpProxy}, with its raw body. */
export interface ProxiedRequest {
  readonly method: string;
  /** Path and query as sent by the client. */
  readonly path: string;
  readonly body: Buffer;
}

/** What the proxy does with a request before forwarding it. */
export type BeforeForward =
  /** Answer on the proxy's behalf; the upstream never sees the request. */
  | { readonly answer: { readonly status: number; readonly json: unknown; readonly headers?: Record<string, string> } }
  /** Wait this long, then forward (the upstream sees nothing if the client went away meanwhile). */
  | { readonly delayMs: number }
  | undefined;

/** Hooks of an {@link HttpProxy}; both optional. */
export interface ProxyHooks {
  before?(request: ProxiedRequest): BeforeForward;
  /** Milliseconds to hold the upstream's answer before passing it on (the upstream already acted). */
  holdAnswerMs?(request: ProxiedRequest, status: number): number;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

/**
 * A small HTTP forwarder in front of a fake: lets a test answer for the upstream (e.g. 429),
 * hold a request before the upstream sees it, or hold the upstream's answer after it acted —
 * the "request done, answer lost" window a kill -9 should land in. Nothing in the fakes changes.
 */
export class HttpProxy {
  private server: Server | undefined;
  /** Requests currently waiting (before forwarding or holding an answer), by label. */
  readonly waiting = new Map<ProxiedRequest, 'before' | 'holding'>();

  constructor(
    private readonly upstream: () => string,
    private readonly hooks: ProxyHooks = {},
  ) {}

  /** Listens on 127.0.0.1; resolves to the base URL `http://127.0.0.1:PORT`. */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      void this.handle(req).then(
        (reply) => {
          if (res.destroyed) return;
          res.writeHead(reply.status, reply.headers).end(reply.body);
        },
        () => res.destroy(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    return this.url;
  }

  /** The proxy's base URL. */
  get url(): string {
    if (!this.server) throw new Error('HttpProxy is not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Closes the server and its connections. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', body: Buffer.concat(chunks) };
    const before = this.hooks.before?.(request);
    if (before && 'answer' in before) {
      return { status: before.answer.status, headers: { 'content-type': 'application/json', ...before.answer.headers }, body: Buffer.from(JSON.stringify(before.answer.json)) };
    }
    if (before && before.delayMs > 0) {
      await this.wait(request, 'before', before.delayMs);
      if (req.socket.destroyed) throw new Error('client went away');
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string' && !HOP_BY_HOP.has(key)) headers[key] = value;
    const init: RequestInit = { method: request.method, headers, ...(request.body.length > 0 ? { body: request.body } : {}) };
    const res = await fetch(`${this.upstream()}${request.path}`, init);
    const body = Buffer.from(await res.arrayBuffer());
    const out: Record<string, string> = {};
    res.headers.forEach((value, key) => {
      if (!HOP_BY_HOP.has(key) && key !== 'content-encoding') out[key] = value;
    });
    const hold = this.hooks.holdAnswerMs?.(request, res.status) ?? 0;
    if (hold > 0) await this.wait(request, 'holding', hold);
    return { status: res.status, headers: out, body };
  }

  private async wait(request: ProxiedRequest, phase: 'before' | 'holding', ms: number): Promise<void> {
    this.waiting.set(request, phase);
    try {
      await new Promise((r) => setTimeout(r, ms));
    } finally {
      this.waiting.delete(request);
    }
  }
}
