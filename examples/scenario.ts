import type { Policy, Standing, VerdictStatus } from "../src/index.js";

/** One runnable example: a policy, the facts of one participation, and the evaluation instant. */
export interface Scenario {
  title: string;
  /** What the verdict must say; `test/examples.test.ts` holds every example to it. */
  expected: { status: VerdictStatus; noShow: boolean };
  policy: Policy;
  facts: unknown;
  asOf: string;
  standing?: Standing;
}
