export interface CleanupFailure {
  what: string;
  error: unknown;
}

/**
 * Undo steps run last-in first-out, each once, even when an earlier one fails — so a bench
 * that dies half-way still stops its runtime before dropping its database. Runs are queued
 * behind each other, so a signal handler and the normal error path can both call `run()`
 * without two steps ever running at once.
 */
export class CleanupStack {
  private readonly steps: { what: string; run: () => Promise<unknown> }[] = [];
  private previous: Promise<unknown> = Promise.resolve();

  push(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run });
  }

  /** Resolves with the steps that failed, once every pending step has run. */
  run(): Promise<CleanupFailure[]> {
    const next = this.previous.then(() => this.drain());
    this.previous = next;
    return next;
  }

  private async drain(): Promise<CleanupFailure[]> {
    const failures: CleanupFailure[] = [];
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.run();
      } catch (error) {
        failures.push({ what: step.what, error });
      }
    }
    return failures;
  }
}
