import { createHash } from 'node:crypto';
import { CRC32C } from '@google-cloud/storage';
import { mp4Head } from './minimal-mp4.js';

/** One object in the fake bucket: explicit leading bytes, then zeros up to `size`. */
export interface FakeObject {
  readonly bucket: string;
  readonly name: string;
  readonly size: number;
  readonly contentType: string;
  readonly head: Uint8Array;
  readonly created: Date;
  readonly generation: number;
}

const CHUNK = 64 * 1024;

function crc32c(bytes: Uint8Array): string {
  const crc = new CRC32C();
  crc.update(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return crc.toString();
}

/** In-memory objects of the fake Cloud Storage. */
export class FakeObjectStore {
  private readonly objects = new Map<string, FakeObject>();
  private generation = 1;

  /** Stores `bytes` (or a generated MP4 of `size`) as bucket/name. */
  put(bucket: string, name: string, content: Uint8Array | { mp4Size: number }, contentType = 'video/mp4'): FakeObject {
    const head = content instanceof Uint8Array ? content : mp4Head(content.mp4Size);
    const size = content instanceof Uint8Array ? content.byteLength : content.mp4Size;
    const object = { bucket, name, size, contentType, head, created: new Date(), generation: this.generation++ };
    this.objects.set(`${bucket}/${name}`, object);
    return object;
  }

  delete(bucket: string, name: string): boolean {
    return this.objects.delete(`${bucket}/${name}`);
  }

  get(bucket: string, name: string): FakeObject | undefined {
    return this.objects.get(`${bucket}/${name}`);
  }

  /** Objects of `bucket` whose name starts with `prefix`, by name. */
  list(bucket: string, prefix: string): FakeObject[] {
    return [...this.objects.values()].filter((o) => o.bucket === bucket && o.name.startsWith(prefix)).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Bytes `start`..`end` (inclusive) in chunks, generated on the fly. */
  *bytes(object: FakeObject, start = 0, end = object.size - 1): Generator<Uint8Array> {
    for (let offset = start; offset <= end; offset += CHUNK) {
      const length = Math.min(CHUNK, end - offset + 1);
      const chunk = new Uint8Array(length);
      if (offset < object.head.byteLength) chunk.set(object.head.subarray(offset, Math.min(offset + length, object.head.byteLength)));
      yield chunk;
    }
  }

  /** The JSON API resource of an object (`size` is a string, as in GCS). */
  resource(object: FakeObject): Record<string, unknown> {
    const time = object.created.toISOString();
    return {
      kind: 'storage#object',
      id: `${object.bucket}/${object.name}/${object.generation}`,
      selfLink: `/storage/v1/b/${object.bucket}/o/${encodeURIComponent(object.name)}`,
      name: object.name,
      bucket: object.bucket,
      generation: String(object.generation),
      metageneration: '1',
      contentType: object.contentType,
      storageClass: 'STANDARD',
      size: String(object.size),
      // Hashes only for fully stored objects (uploads): the client checks them after an upload.
      ...(object.head.byteLength === object.size
        ? { md5Hash: createHash('md5').update(object.head).digest('base64'), crc32c: crc32c(object.head) }
        : {}),
      timeCreated: time,
      updated: time,
    };
  }
}
