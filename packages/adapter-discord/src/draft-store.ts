import { randomBytes } from 'node:crypto';
import type { RawGenerationOptions } from '@veo-bot/core';
import type { VeoAttachments } from './veo-images.js';

/**
 * A `/veo` waiting for its prompt: everything the user gave with the command, kept while the
 * prompt modal is open. The images are Discord's descriptions of the attachments (their URLs work
 * for much longer than a draft lives); nothing is downloaded before the modal is submitted.
 */
export interface VeoDraft {
  /** Who ran `/veo`; only they can submit its modal. */
  readonly userId: string;
  /** The options given, without prompt and negative prompt (the modal asks for those). */
  readonly options: Omit<RawGenerationOptions, 'prompt' | 'negativePrompt'>;
  /** Every image option as read from the command (first and last frame, references), as plain data. */
  readonly attachments: VeoAttachments;
}

/** Where drafts wait for their modal (the adapter's own state: a draft is never a request). */
export interface DraftStore {
  /** Keeps a draft; returns its id (URL-safe, fit for a `custom_id`). */
  put(draft: VeoDraft): string;
  /**
   * The draft of `id` if it exists, has not expired and is `userId`'s, removed so it makes at
   * most one request; null otherwise (someone else's draft is left alone).
   */
  take(id: string, userId: string): VeoDraft | null;
}

/** Options of {@link InMemoryDraftStore}. */
export interface InMemoryDraftStoreOptions {
  /** Clock in ms (default `Date.now`). */
  readonly now?: () => number;
  /** How long a draft lives (default {@link DRAFT_TTL_MS}). */
  readonly ttlMs?: number;
  /** Most drafts kept; past it the oldest goes (default {@link MAX_DRAFTS}). */
  readonly maxEntries?: number;
}

/** How long a draft waits for its modal: Discord's interaction token lives as long. */
export const DRAFT_TTL_MS = 15 * 60_000;
/** Drafts kept at most per process. */
export const MAX_DRAFTS = 10_000;

/**
 * Drafts in this process's memory: expire after 15 minutes, bounded in number (oldest out
 * first). A restart or another shard's process does not know them; their modal then gets the
 * "expired" answer and nothing is made — a draft is not a request, nothing was promised yet.
 */
export class InMemoryDraftStore implements DraftStore {
  private readonly drafts = new Map<string, { draft: VeoDraft; expiresAt: number }>();
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(options: InMemoryDraftStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.ttlMs = options.ttlMs ?? DRAFT_TTL_MS;
    this.maxEntries = Math.max(1, options.maxEntries ?? MAX_DRAFTS);
  }

  /** Drafts held now (expired ones are dropped first). */
  get size(): number {
    this.sweep();
    return this.drafts.size;
  }

  put(draft: VeoDraft): string {
    this.sweep();
    while (this.drafts.size >= this.maxEntries) this.drafts.delete(this.drafts.keys().next().value as string);
    const id = randomBytes(12).toString('base64url');
    this.drafts.set(id, { draft, expiresAt: this.now() + this.ttlMs });
    return id;
  }

  take(id: string, userId: string): VeoDraft | null {
    const entry = this.drafts.get(id);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.drafts.delete(id);
      return null;
    }
    if (entry.draft.userId !== userId) return null;
    this.drafts.delete(id);
    return entry.draft;
  }

  /** Insertion order is expiry order (one TTL for all): drop from the front while expired. */
  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.drafts) {
      if (entry.expiresAt > now) break;
      this.drafts.delete(id);
    }
  }
}
