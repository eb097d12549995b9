/**
 * When to publish diagnostics: the first change after a quiet period is validated at once (leading edge),
 * further changes within `delay` are coalesced and validated once after it (trailing edge). A result is
 * published only if its document version is still the current one, so stale results never overwrite fresh.
 */

/** Schedules validations per URI. */
export class ValidationScheduler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastRun = new Map<string, number>();

  constructor(private readonly validate: (uri: string) => void) {}

  /** A document changed. */
  changed(uri: string, delay: number): void {
    const now = Date.now();
    const last = this.lastRun.get(uri) ?? 0;
    if (this.timers.has(uri)) return; // a trailing run is already due
    if (delay <= 0 || now - last >= delay) {
      this.lastRun.set(uri, now);
      setImmediate(() => this.validate(uri));
      return;
    }
    this.timers.set(
      uri,
      setTimeout(
        () => {
          this.timers.delete(uri);
          this.lastRun.set(uri, Date.now());
          this.validate(uri);
        },
        delay - (now - last),
      ),
    );
  }

  /** A document closed. */
  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    this.lastRun.delete(uri);
  }
}
