/** A stored video file. */
export interface StoredVideo {
  readonly uri: string;
  readonly sizeBytes: number;
  readonly mimeType: string;
}

/** Where finished videos live (Cloud Storage in production). */
export interface VideoStore {
  /** Size and type of the object, or null if it does not exist. */
  describe(uri: string): Promise<StoredVideo | null>;
  /** Videos under a prefix, e.g. to recover the output of a start whose answer was lost. */
  list(prefix: string): Promise<StoredVideo[]>;
  /** The bytes, streamed: large videos are never held whole in memory. */
  read(uri: string): AsyncIterable<Uint8Array>;
  /** A link a user can open in a browser. */
  link(uri: string): Promise<string>;
  /** Deletes one object; an object that is already gone counts as deleted, so a retry is harmless. */
  delete(uri: string): Promise<void>;
  /**
   * Deletes every object under `prefix` (videos or not: a request's whole output folder) and
   * returns how many it deleted; 0 when nothing is left, so running it again is harmless. A
   * prefix that names a whole bucket is refused (throws): no caller may ever empty one.
   */
  deletePrefix(prefix: string): Promise<number>;
}
