import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROUTES, type Reply } from './fake-rest-routes.js';
import { DISCORD_ERRORS, type InjectedFailure, type RecordedRequest } from './fake-state.js';
import { FakeApiError, type FakeWorld } from './fake-world.js';
import { parseBody, type ParsedBody, type UploadedFile } from './http-body.js';
import { checkAgainstDiscord } from './strict-check.js';

const unauthorized: Reply = { status: 401, json: { message: '401: Unauthorized', code: 0 } };

/** The HTTP half of the fake: records each request, applies injected failures, runs the route. */
export class FakeRest {
  /** Every REST request received, in order. */
  readonly requests: RecordedRequest[] = [];
  private readonly failures: InjectedFailure[] = [];

  constructor(
    private readonly world: FakeWorld,
    private readonly gatewayUrl: () => string,
    private readonly onChange: () => void,
    private readonly recommendedShards: () => number = () => 1,
  ) {}

  /** Fails the next `times` requests matching `path` (and `method`). */
  fail(failure: Omit<InjectedFailure, 'remaining'> & { times?: number }): void {
    this.failures.push({ ...failure, remaining: failure.times ?? 1 });
  }

  /** Handles one HTTP request. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const body: ParsedBody = await parseBody(req).catch(() => ({ json: null, files: [] as UploadedFile[], malformed: true }));
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      authorized: typeof req.headers.authorization === 'string' && req.headers.authorization.length > 0,
      body: body.json,
      files: body.files.map((f) => ({ id: f.field, filename: f.filename, size: f.size, contentType: f.contentType })),
      status: 0,
      errorCode: null,
      formErrors: null,
    };
    this.requests.push(record);
    const reply = this.route(record, body);
    record.status = reply.status;
    record.errorCode = (reply.json as { code?: number } | undefined)?.code ?? null;
    record.formErrors = (reply.json as { errors?: unknown } | undefined)?.errors ?? null;
    if (reply.status === 204) res.writeHead(204).end();
    else res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.json ?? null));
    this.onChange();
  }

  private route(record: RecordedRequest, body: ParsedBody): Reply {
    const files = body.files;
    if (record.method === 'GET' && record.path === '/gateway/bot') {
      if (!record.authorized) return unauthorized;
      return { status: 200, json: { url: this.gatewayUrl(), shards: this.recommendedShards(), session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } };
    }
    const failure = this.failures.find((f) => f.remaining > 0 && f.path.test(record.path) && (!f.method || f.method === record.method));
    if (failure) {
      failure.remaining -= 1;
      return { status: failure.status, json: { message: 'Injected failure', code: failure.code ?? 0 } };
    }
    for (const route of ROUTES) {
      const match = route.method === record.method ? route.pattern.exec(record.path) : null;
      if (!match) continue;
      if (route.bot && !record.authorized) return unauthorized;
      // Like Discord: a body or parameter it refuses is answered before anything is looked up.
      const refusal = checkAgainstDiscord(record, body.malformed ?? false, { focusedOptionType: this.focusedOptionType(record.path) });
      if (refusal) return refusal;
      try {
        return route.handle({ world: this.world, params: match.slice(1), json: record.body, files, query: record.query });
      } catch (error) {
        if (!(error instanceof FakeApiError)) return { status: 500, json: { message: String(error), code: 0 } };
        const known = DISCORD_ERRORS[error.code] ?? { status: 400, message: 'Error' };
        return { status: known.status, json: { message: known.message, code: error.code } };
      }
    }
    return { status: 404, json: { message: '404: Not Found', code: 0 } };
  }

  /** For an interaction callback: the type of the option an autocomplete interaction is typing in (null otherwise). */
  private focusedOptionType(path: string): number | null {
    const token = /^\/interactions\/[^/]+\/([^/]+)\/callback$/.exec(path)?.[1];
    return token ? (this.world.interactions.get(token)?.focusedOptionType ?? null) : null;
  }
}
