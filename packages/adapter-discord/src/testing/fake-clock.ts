/** A clock a test moves by hand, for the fake's deadlines (3-second acknowledgement, 15-minute token, nonce window). */
export class ManualClock {
  constructor(private current = Date.now()) {}

  /** The current time in ms; pass `() => clock.now()` as {@link FakeDiscordOptions.now}. */
  now(): number {
    return this.current;
  }

  /** Moves the clock forward. */
  advance(ms: number): void {
    this.current += ms;
  }
}
