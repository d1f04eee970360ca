/**
 * Group commit: concurrent callers' items are written together. While a flush is running,
 * new items wait and go out in the next flush — one round trip (and one commit) for many
 * requests under load, and no added delay for a lone request (it flushes at once).
 */
export class GroupCommit<In, Out> {
  private queue: { item: In; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];
  private running = 0;

  constructor(
    /** Writes `items`; returns one result per item, in order. Throwing fails the whole batch. */
    private readonly flush: (items: In[]) => Promise<Out[]>,
    private readonly options: { maxBatch: number; parallel: number },
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
      this.flush(batch.map((b) => b.item))
        .then(
          (outs) => {
            for (const [i, b] of batch.entries()) b.resolve(outs[i] as Out);
          },
          (err) => {
            for (const b of batch) b.reject(err);
          },
        )
        .finally(() => {
          this.running--;
          this.drain();
        });
    }
  }
}
