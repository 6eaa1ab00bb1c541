import type { StoredVideo, VideoStore } from '../ports/video-store.js';

/** VideoStore over a Map (any object, not only videos); bytes are synthesised lazily, so huge sizes cost no memory. */
export class InMemoryVideoStore implements VideoStore {
  private readonly objects = new Map<string, StoredVideo>();
  /** URIs whose bytes were read (to prove a big video was never downloaded). */
  readonly reads: string[] = [];
  /** While true, deletes throw (Cloud Storage down or refusing): nothing is deleted. */
  failDeletes = false;

  put(uri: string, sizeBytes: number, mimeType = 'video/mp4'): StoredVideo {
    const video = { uri, sizeBytes, mimeType };
    this.objects.set(uri, video);
    return video;
  }

  async describe(uri: string): Promise<StoredVideo | null> {
    return this.objects.get(uri) ?? null;
  }

  async list(prefix: string): Promise<StoredVideo[]> {
    return [...this.objects.values()].filter((v) => v.uri.startsWith(prefix));
  }

  async *read(uri: string): AsyncIterable<Uint8Array> {
    this.reads.push(uri);
    const video = this.objects.get(uri);
    if (!video) throw new Error(`No such object: ${uri}`);
    const chunk = 64 * 1024;
    for (let sent = 0; sent < video.sizeBytes; sent += chunk) yield new Uint8Array(Math.min(chunk, video.sizeBytes - sent));
  }

  async delete(uri: string): Promise<void> {
    if (this.failDeletes) throw new Error(`Storage refused to delete ${uri}`);
    this.objects.delete(uri);
  }

  async deletePrefix(prefix: string): Promise<number> {
    if (!/^gs:\/\/[^/]+\/./.test(prefix)) throw new Error(`Refusing to delete "${prefix}": it names a whole bucket`);
    if (this.failDeletes) throw new Error(`Storage refused to delete under ${prefix}`);
    const doomed = [...this.objects.keys()].filter((uri) => uri.startsWith(prefix));
    for (const uri of doomed) this.objects.delete(uri);
    return doomed.length;
  }

  async link(uri: string): Promise<string> {
    return `https://storage.example.test/${uri.replace(/^gs:\/\//, '')}`;
  }
}
