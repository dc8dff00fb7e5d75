import type { Policy, Standing } from "../src/index.js";

/** One runnable example: a policy, the facts of one participation, and the evaluation instant. */
export interface Scenario {
  title: string;
  policy: Policy;
  facts: unknown;
  asOf: string;
  standing?: Standing;
}
