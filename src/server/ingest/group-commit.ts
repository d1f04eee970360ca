/**
 * Group commit: concurrent callers' items are written together. While a flush is running,
 * new items wait and go out in the next flush — one round trip (and one commit) for many
 * requests under load, and no added delay for a lone request (it flushes at once).
 *
 * One bad item must not fail the others it shares a flush with: when a batch of several fails
 * with an error `isolate` says may be an item's own (bad data rather than a database that is
 * down), its items are flushed again one at a time, in order, so only the bad one fails.
 */
export class GroupCommit<In, Out> {
  private queue: { item: In; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];
  private running = 0;

  constructor(
    /** Writes `items`; returns one result per item, in order. Throwing fails the whole batch. */
    private readonly flush: (items: In[]) => Promise<Out[]>,
    private readonly options: {
      maxBatch: number;
      parallel: number;
      /** Whether a failed batch is retried item by item (never for an outage: it would only multiply it). */
      isolate?: (err: unknown) => boolean;
    },
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.drain();
    });
  }

  private drain() {
    while (this.running < this.options.parallel && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.running++;
      this.write(batch).finally(() => {
        this.running--;
        this.drain();
      });
    }
  }

  private async write(batch: typeof this.queue) {
    try {
      const outs = await this.flush(batch.map((b) => b.item));
      for (const [i, b] of batch.entries()) b.resolve(outs[i] as Out);
    } catch (err) {
      if (batch.length < 2 || !this.options.isolate?.(err)) {
        for (const b of batch) b.reject(err);
        return;
      }
      // The slot stays taken meanwhile: new items wait for the next flush as usual.
      for (const b of batch) {
        try {
          const [out] = await this.flush([b.item]);
          b.resolve(out as Out);
        } catch (own) {
          b.reject(own);
        }
      }
    }
  }
}
