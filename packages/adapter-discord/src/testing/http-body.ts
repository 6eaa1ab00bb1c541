import type { IncomingMessage } from 'node:http';

/** A file part of a multipart request. */
export interface UploadedFile {
  readonly field: string;
  readonly filename: string;
  readonly size: number;
  readonly contentType: string;
  /** The content, for files up to {@link KEPT_FILE_BYTES} (larger ones are only measured). */
  readonly bytes?: Buffer;
}

/** Files up to this size keep their content, so tests can check it (a chart's PNG header). */
export const KEPT_FILE_BYTES = 1024 * 1024;

/** A parsed request body: JSON (or `payload_json`) plus any files. */
export interface ParsedBody {
  readonly json: unknown;
  readonly files: readonly UploadedFile[];
  /** The JSON (or `payload_json`) could not be parsed: Discord answers 50109. */
  readonly malformed?: boolean;
}

/** Reads the whole body without blocking the event loop. */
async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses JSON or multipart (`payload_json` + `files[n]`) the way Discord does. */
export async function parseBody(req: IncomingMessage): Promise<ParsedBody> {
  const buf = await readAll(req);
  const type = req.headers['content-type'] ?? '';
  if (buf.length === 0) return { json: null, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(buf, { headers: { 'content-type': type } }).formData();
    let json: unknown = null;
    const files: UploadedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') {
          try {
            json = JSON.parse(value) as unknown;
          } catch {
            return { json: value, files: [], malformed: true };
          }
        }
      } else {
        const bytes = value.size <= KEPT_FILE_BYTES ? { bytes: Buffer.from(await value.arrayBuffer()) } : {};
        files.push({ field, filename: value.name, size: value.size, contentType: value.type || 'application/octet-stream', ...bytes });
      }
    }
    return { json, files };
  }
  const text = buf.toString('utf8');
  try {
    return { json: JSON.parse(text) as unknown, files: [] };
  } catch {
    return { json: text, files: [], malformed: type.includes('json') };
  }
}
