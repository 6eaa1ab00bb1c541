/** A cancellation flag that work can check or subscribe to (no dependency on DOM/Node types). */
export interface CancelSignal {
  readonly cancelled: boolean;
  /** Calls `listener` once on cancel (at once if already cancelled); returns an unsubscribe. */
  onCancel(listener: () => void): () => void;
}

/** Owner side of a {@link CancelSignal}. */
export class CancelSource {
  private readonly listeners = new Set<() => void>();
  private done = false;
  readonly signal: CancelSignal;

  constructor() {
    const isDone = () => this.done;
    this.signal = {
      get cancelled() {
        return isDone();
      },
      onCancel: (listener) => {
        if (this.done) {
          listener();
          return () => undefined;
        }
        this.listeners.add(listener);
        return () => {
          this.listeners.delete(listener);
        };
      },
    };
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    for (const listener of [...this.listeners]) listener();
    this.listeners.clear();
  }
}

/** A signal that is never cancelled. */
export const NEVER_CANCELLED: CancelSignal = { cancelled: false, onCancel: () => () => undefined };
