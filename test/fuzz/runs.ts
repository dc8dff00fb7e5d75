/**
 * Run counts and statistics of the fuzz suites.
 *
 * `NOSHOW_FUZZ_RUNS` sets the counts: a plain integer (`NOSHOW_FUZZ_RUNS=500`) is the number of
 * runs of every fuzz property; a number followed by `x` (`NOSHOW_FUZZ_RUNS=0.05x`) multiplies the
 * full counts. Unset, the full counts run (as CI does). `NOSHOW_FUZZ_SEED` replays one seed.
 */

/**
 * The number of runs of a fuzz property.
 *
 * @param full - The full count (what CI runs).
 * @returns The count `NOSHOW_FUZZ_RUNS` asks for, at least 1.
 */
export function fuzzRuns(full: number): number {
  const setting = process.env.NOSHOW_FUZZ_RUNS?.trim();
  if (!setting) return full;
  const multiplier = /^(\d+(?:\.\d+)?)x$/i.exec(setting);
  const runs = multiplier ? Math.round(full * Number(multiplier[1])) : Number(setting);
  if (!Number.isFinite(runs) || runs < 0)
    throw new Error(
      `NOSHOW_FUZZ_RUNS must be a count (500) or a multiplier (0.1x), not "${setting}"`,
    );
  return Math.max(1, Math.floor(runs));
}

/** The fixed seed `NOSHOW_FUZZ_SEED` asks for, if any (fast-check prints the seed of a failure). */
export function fuzzSeed(): { seed: number } | Record<string, never> {
  const seed = process.env.NOSHOW_FUZZ_SEED;
  return seed ? { seed: Number(seed) } : {};
}

/** What one fuzz suite saw: outcomes by class, and its slowest input. */
export class FuzzStats {
  readonly outcomes = new Map<string, number>();
  runs = 0;
  totalMs = 0;
  slowest = { ms: 0, input: "" };

  /** Counts one outcome of a run (e.g. `accepted`, `ValidationError INVALID_FACTS`). */
  count(outcome: string): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  /**
   * Starts timing one run, in CPU time of this process (other processes on a busy machine do not
   * count); the returned function ends it. `describe` is only called for a new slowest input.
   */
  start(): (describe: () => string) => void {
    const started = process.cpuUsage();
    return (describe) => {
      const used = process.cpuUsage(started);
      const ms = (used.user + used.system) / 1000;
      this.runs += 1;
      this.totalMs += ms;
      if (ms > this.slowest.ms) this.slowest = { ms, input: describe() };
    };
  }

  /** A summary for the test output. */
  report(title: string, planned: number): string {
    const outcomes = [...this.outcomes.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([outcome, count]) => `${outcome}: ${count}`)
      .join(", ");
    const input =
      this.slowest.input.length > 400
        ? `${this.slowest.input.slice(0, 400)}… (${this.slowest.input.length} chars)`
        : this.slowest.input;
    const total = (this.totalMs / 1000).toFixed(1);
    return `${title}: ${this.runs} runs (planned ${planned}) in ${total} s CPU; ${outcomes}; slowest ${this.slowest.ms.toFixed(1)} ms CPU: ${input}`;
  }
}
