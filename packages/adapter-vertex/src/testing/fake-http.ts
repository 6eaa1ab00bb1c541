import type { IncomingMessage, ServerResponse } from 'node:http';

/** Reads a whole request body (requests to the fake are small; uploads are test-sized). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Sends JSON with the content type Google's clients expect. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A Google API error body: `{ error: { code, message, status } }`. */
export function sendError(res: ServerResponse, code: number, status: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
  sendJson(res, code, { error: { code, message, status, ...extra } }, headers);
}

/** Resolves after `ms` (0: next tick). */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
