import type { File, Storage } from '@google-cloud/storage';
import type { Logger, StoredVideo, VideoStore } from '@veo-bot/core';
import { httpStatus, vertexMessage } from '../vertex/classify-error.js';
import type { VideoUploader } from '../vertex/vertex-video-generator.js';
import { DEFAULT_LINK_TEMPLATE } from '../config/vertex-config.js';
import { fillLinkTemplate, gcsUri, parseGcsUri } from './gcs-uri.js';

/** What a {@link GcsVideoStore} needs. */
export interface GcsVideoStoreDeps {
  /** Client for reading and writing objects (Application Default Credentials, or none for an emulator). */
  readonly storage: Storage;
  /**
   * Client holding credentials that can sign (`client_email` + `private_key`); when given, links
   * are V4 signed read URLs. Signing is local: this client makes no request.
   */
  readonly signer?: Storage;
  /** Link when not signing; `{bucket}` and `{object}` are replaced. Default: public storage.googleapis.com URL. */
  readonly linkTemplate?: string;
  /** Lifetime of signed links (default one day). */
  readonly signedUrlTtlSeconds?: number;
  readonly logger?: Logger;
}

type ObjectMetadata = { name?: string; size?: string | number; contentType?: string };

const VIDEO_NAME = /\.(mp4|mov|webm|m4v)$/i;

/** Videos in Cloud Storage: metadata, streamed bytes, links and deletes, without ever buffering an object. */
export class GcsVideoStore implements VideoStore, VideoUploader {
  constructor(private readonly deps: GcsVideoStoreDeps) {}

  /** Size (GCS sends it as a string) and type, or null when the object does not exist. */
  async describe(uri: string): Promise<StoredVideo | null> {
    try {
      const [metadata] = await this.file(uri).getMetadata();
      return toStored(parseGcsUri(uri).bucket, metadata);
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw error;
    }
  }

  /** Video objects under `prefix` (all pages), by name. */
  async list(prefix: string): Promise<StoredVideo[]> {
    const { bucket, name } = parseGcsUri(prefix);
    const [files] = await this.deps.storage.bucket(bucket).getFiles({ prefix: name, autoPaginate: true });
    return files
      .map((f) => toStored(bucket, { ...f.metadata, name: f.name }))
      .filter((v) => !v.uri.endsWith('/') && (v.mimeType.startsWith('video/') || VIDEO_NAME.test(v.uri)))
      .sort((a, b) => a.uri.localeCompare(b.uri));
  }

  /** The object's bytes as they arrive from Cloud Storage, chunk by chunk. */
  async *read(uri: string): AsyncIterable<Uint8Array> {
    for await (const chunk of this.file(uri).createReadStream()) {
      const buffer = chunk as Buffer;
      yield new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    }
  }

  /** A V4 signed read URL when a signer is configured, else the configured template. */
  async link(uri: string): Promise<string> {
    const location = parseGcsUri(uri);
    if (this.deps.signer) {
      try {
        const ttlMs = (this.deps.signedUrlTtlSeconds ?? 24 * 3600) * 1000;
        const [url] = await this.deps.signer
          .bucket(location.bucket)
          .file(location.name)
          .getSignedUrl({ version: 'v4', action: 'read', expires: Date.now() + ttlMs });
        return url;
      } catch (error) {
        this.deps.logger?.warn('Signing a video link failed, using the unsigned link', { uri, error_message: vertexMessage(error) });
      }
    }
    return fillLinkTemplate(this.deps.linkTemplate ?? DEFAULT_LINK_TEMPLATE, location);
  }

  /** Deletes the object; a 404 (already gone) counts as deleted. */
  async delete(uri: string): Promise<void> {
    await this.deleteFile(this.file(uri));
  }

  /** Deletes every object under `prefix` (all pages, any type); refuses a prefix naming a whole bucket. */
  async deletePrefix(prefix: string): Promise<number> {
    const { bucket, name } = parseGcsUri(prefix);
    if (!name) throw new Error(`Refusing to delete "${prefix}": it names a whole bucket`);
    const [files] = await this.deps.storage.bucket(bucket).getFiles({ prefix: name, autoPaginate: true });
    let deleted = 0;
    for (const file of files) if (await this.deleteFile(file)) deleted += 1;
    return deleted;
  }

  /** True when this call deleted it, false when it was already gone (another run got there first). */
  private async deleteFile(file: File): Promise<boolean> {
    try {
      await file.delete();
      return true;
    } catch (error) {
      if (httpStatus(error) === 404) return false;
      throw error;
    }
  }

  /** Writes bytes Vertex returned inline, in one request (they are already in memory). */
  async upload(uri: string, bytes: Uint8Array, mimeType: string): Promise<void> {
    await this.file(uri).save(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { resumable: false, contentType: mimeType });
  }

  private file(uri: string): File {
    const { bucket, name } = parseGcsUri(uri);
    if (!name) throw new Error(`"${uri}" names a bucket, not an object`);
    return this.deps.storage.bucket(bucket).file(name);
  }
}

function toStored(bucket: string, metadata: ObjectMetadata): StoredVideo {
  const size = Number(metadata.size ?? 0);
  return { uri: gcsUri(bucket, metadata.name ?? ''), sizeBytes: Number.isFinite(size) ? size : 0, mimeType: metadata.contentType ?? 'application/octet-stream' };
}
