/**
 * `noshow-policy/testing/vitest`: importing it once (a test file or a `setupFiles` entry)
 * installs the verdict matchers on vitest's `expect` and adds their types.
 *
 * @example
 * import "noshow-policy/testing/vitest";
 * expect(verdict).toHaveFinding("mediance.post-not-registered", "violation");
 *
 * @module noshow-policy/testing/vitest
 */
import { type Assertion, expect } from "vitest";
import { type NoShowMatchers, noShowMatchers } from "./matchers.js";

expect.extend(noShowMatchers);

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: vitest declares Assertion<T = any>.
  interface Assertion<T = any> extends NoShowMatchers<T> {}
  interface AsymmetricMatchersContaining extends NoShowMatchers {}
}

/**
 * vitest's assertion with the verdict matchers. (Naming a vitest type here also keeps the
 * emitted declaration importing "vitest", without which the augmentation above is dropped.)
 */
export type VerdictAssertion<T = unknown> = Assertion<T> & NoShowMatchers<T>;

export type { MatcherResult, NoShowMatchers } from "./matchers.js";
export { noShowMatchers } from "./matchers.js";
