/**
 * Derived facts: what the rules read, computed once, synchronously, from the validated facts
 * (as known at `asOf`), the policy's catalogue parameters and the standing. Absent values are
 * `null`, never `undefined`, so that rules can test for them explicitly. Each fact family
 * computes its own facts (see `registry.ts`); this module runs them in order.
 */
import type { Duration } from "date-fns";
import { mapList } from "../core/lists.js";
import type { Instant } from "../core/time.js";
import type { CampaignFacts } from "../facts/schema.js";
import type { Standing } from "../facts/standing.js";
import { type BasicFacts, deriveBasics } from "./basics.js";
import { noticeWindowOf } from "./claims.js";
import { type ContactsFact, deriveContacts } from "./contacts.js";
import {
  type DeliverablesSummary,
  type DerivedDeliverable,
  deriveDeliverable,
  summariseDeliverables,
} from "./deadlines.js";
import { type EscalationContext, escalationContext } from "./escalation.js";
import { deriveGoods, type GoodsFacts } from "./goods.js";
import { type CatalogueParameters, catalogueParameters } from "./parameters.js";
import { deriveStanding, type StandingFact } from "./standing.js";

export type { DerivedDeliverable } from "./deadlines.js";

/** The facts every engine run receives (see `COMMON_FACTS`). */
export interface CommonFacts extends BasicFacts, GoodsFacts {
  contacts: ContactsFact;
  standing: StandingFact;
  deliverables: DeliverablesSummary;
}

/** What the later phases read of the catalogue parameters, parsed once with the facts. */
export interface PhaseInputs {
  /** The exceptions phase: `postHocNoticeWindow`, or null for no limit. */
  noticeWindow: Duration | null;
  /** The sanctions phase: the zone and windows of the escalation facts. */
  escalation: EscalationContext;
  /** The strike a violation records: `strikeExpiry`, or null. */
  strikeExpiry: Duration | null;
}

/** The derived facts of one evaluation: the common facts and one fact per deliverable. */
export interface DerivedFacts {
  common: CommonFacts;
  deliverables: DerivedDeliverable[];
  /** The catalogue parameters, parsed and typed. */
  parameters: CatalogueParameters;
  /** What the exceptions and sanctions phases need of them. */
  inputs: PhaseInputs;
}

/**
 * Derives every catalogue fact from validated facts already sliced at `asOf`.
 *
 * @param facts - Validated facts, as known at `asOf`.
 * @param parameters - The policy's parameters (catalogue parameters are read by the fact
 *   families that declare them; parsed once per frozen parameters object).
 * @param asOf - The evaluation instant (UTC).
 * @param standing - The influencer's standing before this campaign, if known.
 * @returns The derived facts.
 * @example
 * const { common, deliverables } = deriveFacts(parseFacts(input), mediance().parameters, asOf);
 */
export function deriveFacts(
  facts: CampaignFacts,
  parameters: Record<string, unknown>,
  asOf: Instant,
  standing?: Standing,
): DerivedFacts {
  const params = catalogueParameters(parameters);
  const timeZone = facts.campaign.timezone;
  const deliverables = mapList(facts.deliverables, (deliverable) =>
    deriveDeliverable(deliverable, facts, params, asOf),
  );
  const basics = deriveBasics(facts, parameters, asOf);
  const goods = deriveGoods(facts, params, asOf, deliverables);
  // The key order is the catalogue's (it shows in traces and serialised evidence).
  const common: CommonFacts = {
    asOf: basics.asOf,
    campaign: basics.campaign,
    participation: basics.participation,
    influencer: basics.influencer,
    params: basics.params,
    contacts: deriveContacts(facts, params, asOf),
    product: goods.product,
    voucher: goods.voucher,
    payment: goods.payment,
    standing: deriveStanding(
      standing,
      facts.campaign.id,
      asOf,
      params.initialQualityScore ?? 100,
      params.strikeExpiry ? { duration: params.strikeExpiry, timeZone } : null,
    ),
    deliverables: summariseDeliverables(deliverables, asOf),
  };
  return {
    deliverables,
    common,
    parameters: params,
    inputs: {
      noticeWindow: noticeWindowOf(params),
      escalation: escalationContext(params, timeZone),
      strikeExpiry: params.strikeExpiry ?? null,
    },
  };
}
