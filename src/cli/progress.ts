import { Transform } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';

/**
 * Progress of a long CLI run, on standard error: on a terminal a bar with records done, records
 * per second and time left (when the size is known); elsewhere nothing, the caller prints one
 * summary line at the end.
 */
export class Progress {
  private readonly bar: SingleBar | null;
  private readonly started = Date.now();
  private records = 0;
  private bytes = 0;

  constructor(private readonly totalBytes: number | null) {
    if (!process.stderr.isTTY) {
      this.bar = null;
      return;
    }
    const sized = totalBytes !== null;
    this.bar = new SingleBar(
      {
        stream: process.stderr,
        format: sized
          ? '{bar} {percentage}% | {records} records | {rate}/s | {eta_formatted} left'
          : '{records} records | {rate}/s',
        hideCursor: true,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    this.bar.start(totalBytes ?? 1, 0, { records: 0, rate: 0 });
  }

  /** Counts the bytes that stream through. */
  meter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.bytes += chunk.length;
        callback(null, chunk);
      },
    });
  }

  record(count = 1): void {
    this.records += count;
    if (this.bar && this.records % 100 === 0) this.update();
  }

  private update(): void {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    this.bar?.update(this.totalBytes === null ? 0 : this.bytes, {
      records: this.records,
      rate: Math.round(this.records / seconds),
    });
  }

  stop(): void {
    if (!this.bar) return;
    this.update();
    this.bar.stop();
  }
}
