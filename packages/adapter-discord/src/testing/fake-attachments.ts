import type { IncomingMessage, ServerResponse } from 'node:http';

/** An attachment a test gives an injected command: the bytes the fake serves at its URL. */
export interface FakeAttachmentInit {
  readonly bytes: Uint8Array;
  readonly filename?: string;
  /** `content_type` Discord reports (it guesses from the file; a test may lie). Default image/png. */
  readonly contentType?: string;
  /** `size` Discord reports (default: the real length). */
  readonly size?: number;
  readonly width?: number;
  readonly height?: number;
  /** Serve it without Content-Length (chunked), as a CDN streaming a file may. */
  readonly streamed?: boolean;
  /** Leave it out of the interaction's `resolved.attachments` (the option names an id Discord sent no file for). */
  readonly unresolved?: boolean;
}

/** A stored attachment and how many times its URL was fetched. */
export interface FakeServedAttachment {
  readonly id: string;
  readonly init: FakeAttachmentInit;
  readonly url: string;
  downloads: number;
  /** Bytes actually written to clients (a guarded download may stop early). */
  bytesServed: number;
}

const PATH = /^\/attachments\/(\d+)\/[^/]+$/;

/**
 * Attachment files, like Discord's CDN: `GET /attachments/<id>/<filename>` on the fake's own
 * port (no auth, the URL is the secret), served in 64 KiB chunks so a reader can stop early.
 */
export class FakeAttachments {
  readonly all = new Map<string, FakeServedAttachment>();

  /** Stores an attachment and returns the `resolved.attachments` entry of an interaction. */
  add(id: string, init: FakeAttachmentInit, baseUrl: string): Record<string, unknown> {
    const filename = init.filename ?? 'image.png';
    const url = `${baseUrl}/attachments/${id}/${encodeURIComponent(filename)}`;
    this.all.set(id, { id, init, url, downloads: 0, bytesServed: 0 });
    return {
      id,
      filename,
      size: init.size ?? init.bytes.length,
      url,
      proxy_url: url,
      content_type: init.contentType ?? 'image/png',
      ...(init.width ? { width: init.width, height: init.height } : {}),
      ephemeral: true,
    };
  }

  /** Serves an attachment URL; false when the path is not one. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    const match = PATH.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (!match || req.method !== 'GET') return false;
    const attachment = this.all.get(match[1] ?? '');
    if (!attachment) {
      res.writeHead(404).end();
      return true;
    }
    attachment.downloads += 1;
    const { bytes } = attachment.init;
    res.writeHead(200, { 'content-type': attachment.init.contentType ?? 'image/png', ...(attachment.init.streamed ? {} : { 'content-length': String(bytes.length) }) });
    let offset = 0;
    const pump = (): void => {
      while (offset < bytes.length && !res.destroyed) {
        const chunk = bytes.subarray(offset, offset + 65_536);
        offset += chunk.length;
        attachment.bytesServed += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
    return true;
  }
}
