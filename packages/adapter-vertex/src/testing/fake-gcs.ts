import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeObject, FakeObjectStore } from './fake-object-store.js';
import { sendError, sendJson } from './fake-http.js';

const OBJECT_PATH = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/;
const LIST_PATH = /^\/storage\/v1\/b\/([^/]+)\/o\/?$/;
const UPLOAD_PATH = /^\/upload\/storage\/v1\/b\/([^/]+)\/o\/?$/;
/** Browser links: `/<bucket>/<object>` (what signed URLs and link templates point at). */
const LINK_PATH = /^\/([^/]+)\/(.+)$/;

/** The Cloud Storage JSON API half of the fake: metadata, media (with Range), list, simple uploads. */
export class FakeGcs {
  /** Deletes still to refuse with 503 (Cloud Storage having a bad minute); each refusal uses one. */
  deleteFailures = 0;

  constructor(
    private readonly objects: FakeObjectStore,
    private readonly pageSize: number,
  ) {}

  /** Handles a request if it is a storage route; returns false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): boolean {
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if (req.method === 'GET' && (m = OBJECT_PATH.exec(path))) this.getObject(req, res, url, decodeURIComponent(m[1] ?? ''), decodeURIComponent(m[2] ?? ''));
    else if (req.method === 'GET' && (m = LIST_PATH.exec(path))) this.list(res, url, decodeURIComponent(m[1] ?? ''));
    else if (req.method === 'DELETE' && (m = OBJECT_PATH.exec(path))) this.deleteObject(res, decodeURIComponent(m[1] ?? ''), decodeURIComponent(m[2] ?? ''));
    else if (req.method === 'POST' && (m = UPLOAD_PATH.exec(path))) this.upload(req, res, url, decodeURIComponent(m[1] ?? ''), body);
    else if (req.method === 'GET' && (m = LINK_PATH.exec(path))) this.serveLink(req, res, decodeURIComponent(m[1] ?? ''), decodeURIComponent(m[2] ?? ''));
    else return false;
    return true;
  }

  private serveLink(req: IncomingMessage, res: ServerResponse, bucket: string, name: string): void {
    const linkUrl = new URL(`http://fake/?alt=media`);
    this.getObject(req, res, linkUrl, bucket, name);
  }

  private getObject(req: IncomingMessage, res: ServerResponse, url: URL, bucket: string, name: string): void {
    const object = this.objects.get(bucket, name);
    if (!object) return notFound(res, bucket, name);
    if (url.searchParams.get('alt') !== 'media') return sendJson(res, 200, this.objects.resource(object));
    const range = parseRange(req.headers.range, object.size);
    if (range === 'invalid') {
      res.writeHead(416, { 'Content-Range': `bytes */${object.size}` });
      return void res.end();
    }
    const [start, end] = range ?? [0, object.size - 1];
    res.writeHead(range ? 206 : 200, {
      'Content-Type': object.contentType,
      'Content-Length': String(end - start + 1),
      'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${object.size}` } : {}),
    });
    Readable.from(this.objects.bytes(object, start, end)).pipe(res);
  }

  /** As GCS answers: 204 with no body, or 404 for an object that does not exist. */
  private deleteObject(res: ServerResponse, bucket: string, name: string): void {
    if (this.deleteFailures > 0) {
      this.deleteFailures -= 1;
      return sendError(res, 503, 'UNAVAILABLE', 'We encountered an internal error. Please try again.');
    }
    if (!this.objects.delete(bucket, name)) return notFound(res, bucket, name);
    res.writeHead(204);
    res.end();
  }

  private list(res: ServerResponse, url: URL, bucket: string): void {
    const all = this.objects.list(bucket, url.searchParams.get('prefix') ?? '');
    const max = Math.min(Number(url.searchParams.get('maxResults') ?? this.pageSize) || this.pageSize, this.pageSize);
    const from = Number(url.searchParams.get('pageToken') ?? 0) || 0;
    const page = all.slice(from, from + max);
    const next = from + max < all.length ? { nextPageToken: String(from + max) } : {};
    sendJson(res, 200, { kind: 'storage#objects', ...(page.length > 0 ? { items: page.map((o) => this.objects.resource(o)) } : {}), ...next });
  }

  /** `uploadType=media` (raw body, `name` query) or `multipart` (JSON metadata part + media part). */
  private upload(req: IncomingMessage, res: ServerResponse, url: URL, bucket: string, body: Buffer): void {
    const type = req.headers['content-type'] ?? 'application/octet-stream';
    let name = url.searchParams.get('name') ?? '';
    let content = body;
    let contentType = type;
    const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
    if (url.searchParams.get('uploadType') === 'multipart' && boundary) {
      const parts = splitMultipart(body, boundary);
      const metadata = JSON.parse(parts[0]?.body.toString('utf8') ?? '{}') as { name?: string; contentType?: string };
      name = metadata.name ?? name;
      content = parts[1]?.body ?? Buffer.alloc(0);
      contentType = metadata.contentType ?? parts[1]?.contentType ?? 'application/octet-stream';
    }
    if (!name) return sendError(res, 400, 'INVALID_ARGUMENT', 'Upload requires an object name');
    const object: FakeObject = this.objects.put(bucket, name, new Uint8Array(content), contentType);
    sendJson(res, 200, this.objects.resource(object));
  }
}

function notFound(res: ServerResponse, bucket: string, name: string): void {
  const message = `No such object: ${bucket}/${name}`;
  sendError(res, 404, 'NOT_FOUND', message, { errors: [{ domain: 'global', reason: 'notFound', message }] });
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → inclusive [start, end]; undefined without a Range header. */
function parseRange(header: string | undefined, size: number): [number, number] | 'invalid' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  const start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] === '' || m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start > end || start >= size ? 'invalid' : [start, end];
}

function splitMultipart(body: Buffer, boundary: string): { contentType?: string; body: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { contentType?: string; body: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(at + delimiter.length, next);
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const headers = part.subarray(0, split).toString('utf8');
      const contentType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
      parts.push({ ...(contentType ? { contentType } : {}), body: part.subarray(split + 4, part.length - 2) });
    }
    at = next;
  }
  return parts;
}
