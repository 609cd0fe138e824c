import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Pages of the index one step writes: 500 took 20–40 ms here. A write that arrives during a step
 * waits for it: on the 1 M record, while its large segment was merged, sequential writes took
 * 22 ms at p50 with steps of 200 pages and 9.5 ms with steps of 50 (2.9 ms with nothing to merge).
 */
export const MERGE_STEP_PAGES = 50;
/**
 * The pause between steps, so that most writes find the lock free rather than behind a step. On
 * the 1 M record while its large segment was merged (800 writes one after another, then three
 * rounds at 10 connections): no pause, p50 5.4 ms and 558–675 requests/s; 5 ms, 3.9 ms and
 * 335–693/s; 10 ms, 3.0 ms and 505–812/s. The merge takes longer in time, not in work.
 */
const STEP_PAUSE_MS = 10;
/** How long after a commit merging starts: the writes of a burst add their segments first. */
const DELAY_MS = 50;

/**
 * The search index merged between writes, a bounded step at a time. FTS5 writes each transaction's
 * entries as a new segment, and its own merging (off since migration 0024) ran inside whichever
 * write filled a level: when that level held the index's one large segment (an import merges the
 * index into one), that write rewrote all of it, 11.5 s on the 1 M record. Here, after commits,
 * `step` runs FTS5's `merge` command for MERGE_STEP_PAGES pages in a transaction of its own, again
 * and again, STEP_PAUSE_MS apart, until a step finds nothing left to merge (no
 * level holds four segments, none is being merged).
 */
export class SearchMerges {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  /** `step` merges one step and says whether it found anything to merge. */
  constructor(private readonly step: () => Promise<boolean>) {}

  /** After a commit: merging starts soon, or is looked at again once the run under way ends. */
  soon(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.run().finally(() => {
        this.running = null;
        // Writes committed while it ran: their segments are looked at after the next delay.
        if (this.again) this.soon();
      });
    }, DELAY_MS);
    // A command that has finished need not wait for it: its next run, or the server's, merges.
    this.timer.unref();
  }

  /** Puts off the merge that is due and waits for the one under way: the next commit resumes. */
  async quiet(): Promise<void> {
    this.cancelTimer();
    await this.running;
    // The run just ended may have scheduled another.
    this.cancelTimer();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Stops merging for good (the store closes). */
  async close(): Promise<void> {
    this.closed = true;
    await this.quiet();
  }

  private async run(): Promise<void> {
    this.again = false;
    try {
      while ((await this.step()) && !this.closed) await sleep(STEP_PAUSE_MS);
    } catch {
      // Busy, or the disk: the next commit tries again.
    }
  }
}
