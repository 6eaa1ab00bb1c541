import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { REST } from 'discord.js';
import { createDiscordRest } from '../rest-client.js';
import { StreamedMultipart, streamedFilesRequest, type StreamedFile } from '../streamed-upload.js';

const bytesOf = (n: number, seed = 7): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * seed) % 251);

/** A file served in 64 KiB chunks; counts how often it was opened. */
function file(bytes: Uint8Array, stated = bytes.length): StreamedFile & { opened: number } {
  const f = {
    name: 'video "1".mp4', contentType: 'video/mp4', sizeBytes: stated, opened: 0,
    async *open() {
      f.opened += 1;
      for (let at = 0; at < bytes.length; at += 65_536) yield bytes.subarray(at, at + 65_536);
    },
  };
  return f;
}

async function gather(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const c of body) chunks.push(c);
  return Buffer.concat(chunks);
}

describe('StreamedMultipart', () => {
  it('is the multipart body discord.js builds from `files`: files[0], then payload_json; its length is exact', async () => {
    const content = bytesOf(300_000);
    const body = new StreamedMultipart([file(content)], { content: 'hi', attachments: [{ id: '0', filename: 'video "1".mp4' }] });
    const raw = await gather(body);
    expect(raw.length).toBe(body.length);
    const form = await new Response(raw, { headers: { 'content-type': body.headers['Content-Type']! } }).formData();
    expect([...form.keys()]).toEqual(['files[0]', 'payload_json']);
    const part = form.get('files[0]') as File;
    expect(part.name).toBe('video "1".mp4');
    expect(part.type).toBe('video/mp4');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(content);
    expect(JSON.parse(form.get('payload_json') as string)).toEqual({ content: 'hi', attachments: [{ id: '0', filename: 'video "1".mp4' }] });
  });

  it('opens the file again each time it is read (a retried request), and fails when the file is not its stated length', async () => {
    const f = file(bytesOf(1000));
    const body = new StreamedMultipart([f], {});
    await gather(body);
    await gather(body);
    expect(f.opened).toBe(2);
    await expect(gather(new StreamedMultipart([file(bytesOf(1000), 999)], {}))).rejects.toThrow(/longer than its stated 999 bytes/);
    await expect(gather(new StreamedMultipart([file(bytesOf(1000), 1001)], {}))).rejects.toThrow(/ended after 1000 of its stated 1001 bytes/);
  });
});

describe('streamedFilesRequest through @discordjs/rest', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** Answers 500 to the first `failFirst` requests, then 200; records each body and its headers. */
  async function discord(failFirst: number): Promise<{ api: string; seen: { headers: IncomingHttpHeaders; body: Buffer }[] }> {
    const seen: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
    server = createServer((req, res) => {
      void gather(req).then((body) => {
        seen.push({ headers: req.headers, body });
        res.writeHead(seen.length <= failFirst ? 500 : 200, { 'content-type': 'application/json' }).end('{"id":"1"}');
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    return { api: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, seen };
  }

  it('createDiscordRest streams it with a Content-Length (no chunked encoding) and sends it whole again on a retry', async () => {
    const { api, seen } = await discord(1);
    const content = bytesOf(200_000);
    const f = file(content);
    await createDiscordRest({ token: 't', apiBaseUrl: api }).post('/channels/1/messages', streamedFilesRequest({ content: 'x' }, [f]));
    expect(seen).toHaveLength(2);
    for (const { headers, body } of seen) {
      expect(headers['transfer-encoding']).toBeUndefined();
      expect(Number(headers['content-length'])).toBe(body.length);
      const form = await new Response(body, { headers: { 'content-type': headers['content-type']! } }).formData();
      expect(new Uint8Array(await (form.get('files[0]') as File).arrayBuffer())).toEqual(content);
    }
    expect(f.opened).toBe(2);
  });

  it('a REST client not made here (a host bot’s) gathers it first and sends the same body', async () => {
    const { api, seen } = await discord(0);
    const content = bytesOf(50_000);
    await new REST({ api }).setToken('t').post('/channels/1/messages', streamedFilesRequest({ content: 'x' }, [file(content)]));
    const [{ headers, body }] = seen as [(typeof seen)[number]];
    const form = await new Response(body, { headers: { 'content-type': headers['content-type']! } }).formData();
    expect(new Uint8Array(await (form.get('files[0]') as File).arrayBuffer())).toEqual(content);
    expect(JSON.parse(form.get('payload_json') as string)).toEqual({ content: 'x' });
  });
});
