import type { Eta } from '../domain/eta.js';
import type { VideoRequest } from '../domain/video-request.js';

/** Where a message should go: through the interaction (token still valid) or as a channel post. */
export type DeliveryRoute = 'interaction' | 'channel';

/**
 * Where a final message goes: a {@link DeliveryRoute}, or 'in-place' — the interaction's own
 * reply is edited to show the outcome (an edit is idempotent but never pings). Core asks for it
 * when an earlier follow-up may have reached the user and nothing can tell (its answer was lost
 * and the channel cannot be read): showing the outcome twice in one place beats posting it twice.
 */
export type NoticeRoute = DeliveryRoute | 'in-place';

/**
 * Live status of a request, shown by editing one status message. `position` is the 1-based place
 * in the queue (0: starting now); `eta` is when the video should be ready (absent: not estimated).
 */
export type ProgressUpdate =
  | { readonly stage: 'queued'; readonly position: number; readonly route: DeliveryRoute; readonly eta?: Eta }
  | { readonly stage: 'generating'; readonly elapsedMs: number; readonly route: DeliveryRoute; readonly eta?: Eta };

/** A finished video ready to hand to the user. */
export interface DeliverableVideo {
  readonly sizeBytes: number;
  readonly mimeType: string;
  readonly fileName: string;
  /** A link the user can open (used when the file is too big to attach). */
  readonly link: string;
  /** Streams the bytes; only called when the notifier decides to attach the file. */
  open(): AsyncIterable<Uint8Array>;
}

/** A successful generation to announce. */
export interface CompletedNotice {
  readonly video: DeliverableVideo;
  /** The request was picked up again after a restart (footer "Resumed after bot restart"). */
  readonly resumed: boolean;
  readonly route: NoticeRoute;
  /** See {@link Fence}. */
  readonly fence?: Fence;
}

/**
 * Asked right before the message that announces the outcome is posted (after the status edit,
 * an upload, a first refused try): false means another instance owns the request now, and the
 * post must not be made (answer `transient`; core's delivery then stands down). A call that
 * hangs before the post can outlive the lease confirmed before the send began (seed 2215).
 */
export type Fence = () => Promise<boolean>;

/** A failure or timeout to announce. */
export interface FailedNotice {
  /** The reason in plain words. */
  readonly reason: string;
  readonly resumed: boolean;
  /** Offer a Retry button. */
  readonly retryable: boolean;
  readonly route: NoticeRoute;
  /** See {@link Fence}. */
  readonly fence?: Fence;
}

/** How a notification went. `undeliverable` is permanent (channel gone, no permission). */
export type DeliveryResult =
  | { readonly delivered: true; readonly via: NoticeRoute; readonly attached?: boolean }
  | { readonly delivered: false; readonly reason: 'undeliverable' | 'transient'; readonly detail: string };

/** Can the bot reach the user of this request at all? */
export type AccessCheck = { readonly ok: true } | { readonly ok: false; readonly detail: string };

/**
 * Tells users about their requests (Discord in production).
 * Implementations report problems as values and never throw.
 */
export interface Notifier {
  checkAccess(request: VideoRequest): Promise<AccessCheck>;
  progress(request: VideoRequest, update: ProgressUpdate): Promise<void>;
  completed(request: VideoRequest, notice: CompletedNotice): Promise<DeliveryResult>;
  failed(request: VideoRequest, notice: FailedNotice): Promise<DeliveryResult>;
  /**
   * Whether this request's final message is already visible to the user — a send that reached
   * the chat platform but crashed (or lost its answer) before it was recorded — and which one.
   * Optional; used before re-announcing a finished request, so the user is not told twice.
   */
  findDelivered?(request: VideoRequest): Promise<VisibleFinal>;
}

/**
 * What a look at the chat found: the request's final message announcing a video ('completed')
 * or a failure ('failed'), none ('none'), or nothing could be read ('unknown': a transient
 * error, or the bot may not read the channel).
 */
export type VisibleFinal = 'completed' | 'failed' | 'none' | 'unknown';
