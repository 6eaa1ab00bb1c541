import { randomBytes } from 'node:crypto';
import { DefaultRestOptions, type RequestData, type ResponseLike } from 'discord.js';

/** A file to attach whose bytes are read only while the request is being sent. */
export interface StreamedFile {
  readonly name: string;
  readonly contentType: string;
  /** Exact length: it goes into Content-Length, and a stream of another length fails the send. */
  readonly sizeBytes: number;
  /** A fresh stream of the bytes; called once per attempt (a retried request reads them again). */
  open(): AsyncIterable<Uint8Array>;
}

const encoder = new TextEncoder();
// As undici's FormData writes field and file names (the multipart/form-data spec's escaping).
const escapeName = (name: string): string => name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');

/**
 * The same multipart/form-data body `@discordjs/rest` builds from `files` (each `files[n]` part,
 * then `payload_json`), as a body that streams its files instead of holding them: iterating it
 * opens each file anew, so the REST client's retries send it again, and it is never whole in
 * memory. Its length is known in advance.
 */
export class StreamedMultipart implements AsyncIterable<Uint8Array> {
  readonly boundary = `----veo-bot-${randomBytes(12).toString('hex')}`;
  private readonly heads: Uint8Array[];
  private readonly tail: Uint8Array;

  constructor(private readonly files: readonly StreamedFile[], json: unknown) {
    this.heads = files.map((f, i) => encoder.encode(
      `--${this.boundary}\r\nContent-Disposition: form-data; name="files[${i}]"; filename="${escapeName(f.name)}"\r\nContent-Type: ${f.contentType}\r\n\r\n`,
    ));
    this.tail = encoder.encode(`\r\n--${this.boundary}\r\nContent-Disposition: form-data; name="payload_json"\r\n\r\n${JSON.stringify(json)}\r\n--${this.boundary}--\r\n`);
  }

  /** Bytes of the whole body. */
  get length(): number {
    return this.heads.reduce((n, h, i) => n + h.length + this.files[i]!.sizeBytes + (i > 0 ? 2 : 0), 0) + this.tail.length;
  }

  /** Headers the body needs. */
  get headers(): Record<string, string> {
    return { 'Content-Type': `multipart/form-data; boundary=${this.boundary}`, 'Content-Length': String(this.length) };
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (const [i, file] of this.files.entries()) {
      if (i > 0) yield encoder.encode('\r\n');
      yield this.heads[i]!;
      let sent = 0;
      for await (const chunk of file.open()) {
        sent += chunk.byteLength;
        if (sent > file.sizeBytes) throw new Error(`${file.name} is longer than its stated ${file.sizeBytes} bytes`);
        yield chunk;
      }
      if (sent !== file.sizeBytes) throw new Error(`${file.name} ended after ${sent} of its stated ${file.sizeBytes} bytes`);
    }
    yield this.tail;
  }
}

/**
 * Request data for `rest.post` / `rest.patch` carrying `json` and `files` as a streamed
 * multipart body. With a client made by `createDiscordRest` it is sent as it is read; any other
 * client (a host bot's) gathers it first, as it would `files`.
 */
export function streamedFilesRequest(json: unknown, files: readonly StreamedFile[]): Pick<RequestData, 'body' | 'headers' | 'passThroughBody'> {
  const body = new StreamedMultipart(files, json);
  return { body, headers: body.headers, passThroughBody: true };
}

/**
 * `makeRequest` for `@discordjs/rest`: a {@link StreamedMultipart} body goes to the global fetch
 * as a stream (the default strategy would gather it into one buffer first); everything else,
 * and a request through a configured undici dispatcher (the client's `agent`), goes to the
 * default strategy untouched.
 */
export async function streamingMakeRequest(url: string, init: Parameters<typeof DefaultRestOptions.makeRequest>[1]): Promise<ResponseLike> {
  if (!(init.body instanceof StreamedMultipart) || init.dispatcher) return DefaultRestOptions.makeRequest(url, init);
  const { body, headers, method, signal } = init;
  // redirect 'error': any other mode makes fetch tee the body to replay it after a redirect, and
  // the unread branch then holds every byte sent. Discord's API does not redirect.
  return fetch(url, {
    method: method ?? 'POST', headers: headers as Record<string, string>, body: body as unknown as ReadableStream<Uint8Array>,
    signal: signal as AbortSignal | null, redirect: 'error', duplex: 'half',
  } as RequestInit);
}
