/**
 * The fact catalogue: the names of the facts every engine run receives, by phase and scope.
 * Their values are derived in TypeScript from the validated facts (see `derive.ts`).
 */

/** The evaluation phases, in the order they run. */
export const PHASES = ["violations", "exceptions", "sanctions"] as const;
/** One evaluation phase. */
export type Phase = (typeof PHASES)[number];
/** Whether a rule runs once per campaign or once per deliverable. */
export type Scope = "campaign" | "deliverable";

/** Facts available to every rule, with what each holds. */
export const COMMON_FACTS = {
  asOf: "The evaluation instant (UTC ISO string).",
  campaign: "The campaign: id, kind, timezone, startsAt, endsAt, impactSerious, impactNote.",
  participation: "selectedAt, cancelledAt, cancelledBy, cancelled, cancelledWithoutFault.",
  influencer: "id, platform, handle.",
  params: "The policy's parameters, as given.",
  contacts: "Response summaries of contacts: platform, afterProduct, any (see README).",
  product: "The product's value and delivery/return state, or null.",
  voucher: "The voucher's value and redemption state, or null.",
  payment: "The payment amount, escrow and payout state, or null.",
  standing:
    "The influencer's standing before this campaign (counts of prior no-shows and strikes).",
  deliverables: "A summary over all deliverables: count, missing, late.",
} as const;

/** Facts added in one phase and scope. */
export const SCOPED_FACTS = {
  deliverable:
    "The deliverable judged (per-deliverable rules): deadlines, post, retention, edits, terms, disclosure.",
  claim: "The exception claim being decided (exceptions phase).",
  findings: "The findings so far (sanctions phase): unexcused violations, by rule and kind.",
} as const;

// Six phase × scope pairs, each computed once: the static check asks for every condition.
const FACT_NAMES = new Map<string, readonly string[]>();

/** The fact names a rule of the given phase and scope may use. */
export function factNamesFor(phase: Phase, scope: Scope): readonly string[] {
  const key = `${phase}/${scope}`;
  const known = FACT_NAMES.get(key);
  if (known) return known;
  const names: string[] = Object.keys(COMMON_FACTS);
  if (scope === "deliverable" && phase !== "exceptions") names.push("deliverable");
  if (phase === "exceptions") names.push("claim");
  if (phase === "sanctions") names.push("findings");
  const frozen = Object.freeze(names);
  FACT_NAMES.set(key, frozen);
  return frozen;
}
