import { HttpProxy, type BeforeForward, type ProxiedRequest } from './http-proxy.js';

/** Vertex's answer to a start over quota, as the real API words it. */
const QUOTA_ANSWER = {
  status: 429,
  headers: { 'retry-after': '5' },
  json: { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model.' } },
};

/**
 * A proxy in front of the fake Vertex (VERTEX_BASE_URL points here; GCS goes straight to the
 * fake). Per prompt it can hold a start before Vertex sees it or hold Vertex's answer after it
 * accepted; optionally it plays Vertex's per-minute quota and answers 429 above it.
 */
export class VertexFront {
  private readonly proxy: HttpProxy;
  /** Prompts whose start is held (ms) before reaching Vertex. */
  readonly holdBefore = new Map<string, number>();
  /** Prompts whose start answer is held (ms) after Vertex accepted it. */
  readonly holdAnswer = new Map<string, number>();
  /** When set, starts beyond this many per trailing 60 s get 429. */
  quotaPerMinute: number | undefined;
  /** Times (ms) of starts forwarded to Vertex. */
  readonly forwardedStarts: number[] = [];
  /** Times (ms) of starts answered 429 by this proxy. */
  readonly throttledStarts: number[] = [];

  constructor(upstream: () => string) {
    this.proxy = new HttpProxy(upstream, {
      before: (req) => this.before(req),
      holdAnswerMs: (req, status) => (isStart(req) && status === 200 ? (this.holdAnswer.get(promptOf(req)) ?? 0) : 0),
    });
  }

  /** Starts listening; resolves to the base URL. */
  start(): Promise<string> {
    return this.proxy.start();
  }

  /** Stops listening. */
  stop(): Promise<void> {
    return this.proxy.stop();
  }

  get url(): string {
    return this.proxy.url;
  }

  /** Prompts of starts currently held, by phase. */
  held(phase: 'before' | 'holding'): string[] {
    return [...this.proxy.waiting].filter(([, p]) => p === phase).map(([r]) => promptOf(r));
  }

  private before(req: ProxiedRequest): BeforeForward {
    if (!isStart(req)) return undefined;
    const now = Date.now();
    if (this.quotaPerMinute !== undefined) {
      const recent = this.forwardedStarts.filter((t) => now - t < 60_000).length;
      if (recent >= this.quotaPerMinute) {
        this.throttledStarts.push(now);
        return { answer: QUOTA_ANSWER };
      }
    }
    this.forwardedStarts.push(now);
    const delayMs = this.holdBefore.get(promptOf(req)) ?? 0;
    return delayMs > 0 ? { delayMs } : undefined;
  }
}

function isStart(req: ProxiedRequest): boolean {
  return req.method === 'POST' && req.path.includes(':predictLongRunning');
}

function promptOf(req: ProxiedRequest): string {
  try {
    const body = JSON.parse(req.body.toString('utf8')) as { instances?: { prompt?: string }[] };
    return body.instances?.[0]?.prompt ?? '';
  } catch {
    return '';
  }
}
