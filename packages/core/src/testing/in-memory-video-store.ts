import type { StoredVideo, VideoStore } from '../ports/video-store.js';

/** VideoStore over a Map; bytes are synthesised lazily, so huge sizes cost no memory. */
export class InMemoryVideoStore implements VideoStore {
  private readonly objects = new Map<string, StoredVideo>();
  /** URIs whose bytes were read (to prove a big video was never downloaded). */
  readonly reads: string[] = [];

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

  async link(uri: string): Promise<string> {
    return `https://storage.example.test/${uri.replace(/^gs:\/\//, '')}`;
  }
}
