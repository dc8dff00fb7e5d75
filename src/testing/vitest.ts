/**
 * `noshow-policy/testing/vitest`: importing it once (a test file or a `setupFiles` entry)
 * installs the verdict matchers on vitest's `expect` and adds their types.
 *
 * @example
 * import "noshow-policy/testing/vitest";
 * expect(verdict).toHaveFinding("mediance.post-not-registered", "violation");
 */
import { expect } from "vitest";
import { type NoShowMatchers, noShowMatchers } from "./matchers.js";

expect.extend(noShowMatchers);

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: vitest declares Assertion<T = any>.
  interface Assertion<T = any> extends NoShowMatchers<T> {}
  interface AsymmetricMatchersContaining extends NoShowMatchers {}
}

export type { MatcherResult, NoShowMatchers } from "./matchers.js";
export { noShowMatchers } from "./matchers.js";
