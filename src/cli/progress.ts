/**
 * Progress of `batch` on stderr: a bar with rate and ETA, redrawn in place, when stderr is a
 * terminal; otherwise a plain line per 10% of the input judged (its size is known) or per
 * `every` lines (stdin, size unknown), at most one per update and each further on than the last.
 */
import type { Writable } from "node:stream";

/** Where progress goes and how. */
export interface ProgressOptions {
  stream: Writable & { isTTY?: boolean; columns?: number };
  /** The input's size in bytes, when known. */
  totalBytes?: number;
  /** A line per this many input lines when the size is unknown. */
  every: number;
  /** The clock, in milliseconds (injected for tests). */
  now?: () => number;
}

/** Seconds as `1h02m03s`, `2m03s` or `3s`. */
export function formatSeconds(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m${String(s).padStart(2, "0")}s`;
  if (m > 0) return `${m}m${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}

/** Reports progress; call {@link Progress.update} as lines are written and `done` at the end. */
export class Progress {
  private readonly options: ProgressOptions;
  private readonly now: () => number;
  private readonly started: number;
  private lastDraw = 0;
  private nextStep = 1;
  private drawn = false;

  constructor(options: ProgressOptions) {
    this.options = options;
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
  }

  /**
   * @param lines - Input lines done so far.
   * @param bytes - Input bytes done so far (those of the lines done).
   */
  update(lines: number, bytes: number): void {
    const { stream, totalBytes, every } = this.options;
    const elapsed = (this.now() - this.started) / 1000;
    const rate = elapsed > 0 ? lines / elapsed : 0;
    const fraction = totalBytes ? Math.min(1, bytes / totalBytes) : undefined;
    const eta =
      fraction !== undefined && fraction > 0
        ? formatSeconds((elapsed * (1 - fraction)) / fraction)
        : "?";
    if (stream.isTTY) {
      const at = this.now();
      if (at - this.lastDraw < 100) return;
      this.lastDraw = at;
      const width = 24;
      const text =
        fraction === undefined
          ? `batch ${lines} lines  ${Math.round(rate)} lines/s  ${formatSeconds(elapsed)}`
          : `batch [${"#".repeat(Math.round(fraction * width)).padEnd(width, ".")}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${lines} lines  ${Math.round(rate)} lines/s  ETA ${eta}`;
      stream.write(`\r${text}\u001b[K`);
      this.drawn = true;
      return;
    }
    if (totalBytes) {
      // One line for the last 10% step reached, not one per step crossed: a chunk that crosses
      // several would print them all with the same figures.
      const step = Math.min(9, Math.floor((Math.min(bytes, totalBytes) * 10) / totalBytes));
      if (step >= this.nextStep) {
        this.nextStep = step + 1;
        stream.write(
          `batch: ${step * 10}% (${lines} lines, ${Math.round(rate)} lines/s, ETA ${eta})\n`,
        );
      }
    } else if (lines >= this.nextStep * every) {
      this.nextStep = Math.floor(lines / every) + 1;
      stream.write(`batch: ${lines} lines (${Math.round(rate)} lines/s)\n`);
    }
  }

  /** Clears the bar (a terminal) before the summary. */
  done(): void {
    if (this.drawn) this.options.stream.write("\r\u001b[K");
  }
}
