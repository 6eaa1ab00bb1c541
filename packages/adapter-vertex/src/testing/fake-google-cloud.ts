import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GenerationScript } from '@veo-bot/core/testing';
import { FakeGcs } from './fake-gcs.js';
import { delay, readBody, sendError } from './fake-http.js';
import { FakeObjectStore } from './fake-object-store.js';
import type { FakeObject } from './fake-object-store.js';
import { FakeVertex } from './fake-vertex.js';
import type { AcceptedStart, StartFault } from './fake-vertex.js';

/** How a {@link FakeGoogleCloud} behaves. */
export interface FakeGoogleCloudOptions {
  /** Delay before every answer, in ms (default 0). Can be changed later through `latencyMs`. */
  readonly latencyMs?: number;
  /** When set, Vertex calls without `Authorization: Bearer <accessToken>` get 401 UNAUTHENTICATED. */
  readonly accessToken?: string;
  /** Objects per page of a list answer (default 1000, as GCS). */
  readonly listPageSize?: number;
  /** Port to listen on (default 0: any free port). Host is always 127.0.0.1. */
  readonly port?: number;
}

/** One request the fake received. Credentials are not kept: only whether a bearer token came. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  /** Parsed JSON, text, or `{ bytes }` for binary bodies; undefined when empty. */
  readonly body: unknown;
  readonly bearer: boolean;
}

/** Extra per-prompt behaviour beyond core's GenerationScript. */
export interface FakeScriptExtras {
  /** Return the video as inline base64 bytes instead of a gcsUri. */
  readonly inlineBytes?: boolean;
}

/**
 * A local fake of the two Google APIs veo-bot uses, on one `node:http` server: Vertex AI's
 * `:predictLongRunning` / `:fetchPredictOperation` (Veo) and the Cloud Storage JSON API.
 * The real `@google/genai` and `@google-cloud/storage` clients talk to it through their endpoint
 * options. Scripted per prompt with core's {@link GenerationScript}; records every request.
 */
export class FakeGoogleCloud {
  /** The fake bucket's objects (what Veo "wrote"). */
  readonly objects = new FakeObjectStore();
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Delay before every answer, in ms. */
  latencyMs: number;
  private readonly vertex = new FakeVertex(this.objects);
  private readonly gcs: FakeGcs;
  private server: Server | undefined;
  private baseUrl: string | undefined;

  constructor(private readonly options: FakeGoogleCloudOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.gcs = new FakeGcs(this.objects, options.listPageSize ?? 1000);
  }

  /** Listens on 127.0.0.1; resolves to {@link url}. */
  async start(): Promise<string> {
    if (this.baseUrl) return this.baseUrl;
    const server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  /** Closes the server and every open connection (including hanging starts). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.baseUrl = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** `http://127.0.0.1:<port>`: both the Vertex base URL and the Cloud Storage endpoint. */
  get url(): string {
    if (!this.baseUrl) throw new Error('FakeGoogleCloud is not started');
    return this.baseUrl;
  }

  /** Makes generations started with `prompt` behave as `script` (quota scripts count down per start). */
  script(prompt: string, script: GenerationScript, extras: FakeScriptExtras = {}): void {
    this.vertex.script(prompt, script, extras.inlineBytes === true);
  }

  /** Script for prompts nobody scripted (default: succeed after one running poll, 1 MiB). */
  set defaultScript(script: GenerationScript) {
    this.vertex.defaultScript = script;
  }

  /**
   * The next start is accepted (an operation exists and is counted) but its answer is lost:
   * `hang` never answers, `reset` destroys the connection. This is the "unknown outcome" case.
   */
  failNextStart(fault: StartFault): void {
    this.vertex.startFaults.push(fault);
  }

  /** The next `count` polls answer `status` (503 by default; 429 for quota). */
  failNextPolls(count: number, status = 503): void {
    this.vertex.pollFailures = { count, status };
  }

  /** Makes an operation disappear: its polls answer 404 from now on. */
  expireOperation(operationName: string): void {
    this.vertex.expire(operationName);
  }

  /** Starts that created an operation (billable generations), including those whose answer was lost. */
  get acceptedStarts(): readonly AcceptedStart[] {
    return this.vertex.acceptedStarts;
  }

  /** How many generations were started; the number end-to-end tests compare with requests. */
  get startCount(): number {
    return this.vertex.acceptedStarts.length;
  }

  /** Media downloads (`?alt=media`), optionally of one `gs://` object only. */
  mediaRequests(uri?: string): RecordedRequest[] {
    const encoded = uri ? `/o/${encodeURIComponent(uri.replace(/^gs:\/\/[^/]+\//, ''))}` : '';
    return this.requests.filter((r) => r.path.includes('alt=media') && r.path.includes(encoded));
  }

  /** Refuses the next `count` object deletes with 503 (a Cloud Storage outage for deletes). */
  failDeletes(count: number): void {
    this.gcs.deleteFailures = count;
  }

  /** Whether `gs://bucket/name` exists in the fake bucket. */
  hasObject(uri: string): boolean {
    const [, bucket = '', name = ''] = /^gs:\/\/([^/]+)\/(.+)$/.exec(uri) ?? [];
    return this.objects.get(bucket, name) !== undefined;
  }

  /** Stores an object directly (e.g. a video left by a start whose answer was lost). */
  putObject(uri: string, content: Uint8Array | { mp4Size: number }, contentType = 'video/mp4'): FakeObject {
    const [, bucket = '', name = ''] = /^gs:\/\/([^/]+)\/(.+)$/.exec(uri) ?? [];
    return this.objects.put(bucket, name, content, contentType);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://fake');
      const bearer = /^Bearer \S+/.test(req.headers.authorization ?? '');
      this.requests.push({ method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, body: recordBody(raw, req.headers['content-type']), bearer });
      if (this.latencyMs > 0) await delay(this.latencyMs);
      const json = parseJson(raw);
      if (url.pathname.startsWith('/v1')) {
        if (this.options.accessToken && req.headers.authorization !== `Bearer ${this.options.accessToken}`) {
          return sendError(res, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token.');
        }
        if (this.vertex.handle(req, res, url.pathname, json)) return;
      } else if (this.gcs.handle(req, res, url, raw)) return;
      sendError(res, 404, 'NOT_FOUND', `The fake has no route ${req.method} ${url.pathname}`);
    } catch (error) {
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', `Fake failure: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

function recordBody(raw: Buffer, type: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if (type?.includes('json')) return parseJson(raw) ?? raw.toString('utf8');
  return { bytes: raw.length };
}
