/**
 * The basic facts of every run: the evaluation instant, the campaign, the participation, the
 * influencer, and the policy's parameters as given.
 */
import type { Instant, Interval } from "../core/time.js";
import { CAMPAIGN_KINDS, type CampaignFacts } from "../facts/schema.js";
import { defineFamily } from "./family.js";
import { s } from "./shape.js";

/** The basic facts (see {@link basicsFamily}). */
export interface BasicFacts {
  asOf: Instant;
  campaign: {
    id: string;
    kind: CampaignFacts["campaign"]["kind"];
    timezone: string;
    startsAt: Instant;
    endsAt: Instant;
    impactSerious: boolean;
    impactNote: string | null;
    /** The advertiser's note on the harm, or "no details given". */
    impactDescription: string;
  };
  participation: {
    selectedAt: Instant;
    cancelledAt: Instant | null;
    cancelledBy: string | null;
    cancelled: boolean;
    /** Cancelled by the advertiser, the platform or both parties. */
    cancelledWithoutFault: boolean;
    /** From selection to `asOf`, for duration operators. */
    sinceSelection: Interval;
  };
  influencer: { id: string; platform: string | null; handle: string | null };
  params: Record<string, unknown>;
}

/**
 * Derives the basic facts.
 *
 * @param facts - Validated facts, as known at `asOf`.
 * @param parameters - The policy's parameters, as given (the `params` fact).
 * @param asOf - The evaluation instant (UTC).
 * @returns The basic facts.
 */
export function deriveBasics(
  facts: CampaignFacts,
  parameters: Record<string, unknown>,
  asOf: Instant,
): BasicFacts {
  const { participation } = facts;
  return {
    asOf,
    campaign: {
      id: facts.campaign.id,
      kind: facts.campaign.kind,
      timezone: facts.campaign.timezone,
      startsAt: facts.campaign.startsAt,
      endsAt: facts.campaign.endsAt,
      impactSerious: facts.campaign.impact?.serious ?? false,
      impactNote: facts.campaign.impact?.note ?? null,
      impactDescription: facts.campaign.impact?.note ?? "no details given",
    },
    participation: {
      selectedAt: participation.selectedAt,
      cancelledAt: participation.cancelledAt ?? null,
      cancelledBy: participation.cancelledBy ?? null,
      cancelled: participation.cancelledAt !== undefined,
      sinceSelection: { start: participation.selectedAt, end: asOf },
      cancelledWithoutFault:
        participation.cancelledBy !== undefined && participation.cancelledBy !== "influencer",
    },
    influencer: {
      id: facts.influencer.id,
      platform: facts.influencer.platform ?? null,
      handle: facts.influencer.handle ?? null,
    },
    params: parameters,
  };
}

/** The basic facts of every run. */
export const basicsFamily = defineFamily({
  name: "basics",
  facts: {
    asOf: { shape: s.instant(), doc: "The evaluation instant (UTC ISO string).", in: "common" },
    campaign: {
      shape: s.object({
        id: s.string(),
        kind: s.enum(CAMPAIGN_KINDS),
        timezone: s.string(),
        startsAt: s.instant(),
        endsAt: s.instant(),
        impactSerious: s.boolean(),
        impactNote: s.nullable(s.string()),
        impactDescription: s.string(),
      }),
      doc: "The campaign: id, kind, timezone, startsAt, endsAt, impactSerious, impactNote.",
      in: "common",
    },
    participation: {
      shape: s.object({
        selectedAt: s.instant(),
        cancelledAt: s.nullable(s.instant()),
        cancelledBy: s.nullable(s.enum(["influencer", "advertiser", "platform", "mutual"])),
        cancelled: s.boolean(),
        cancelledWithoutFault: s.boolean(),
        sinceSelection: s.interval(),
      }),
      doc: "selectedAt, cancelledAt, cancelledBy, cancelled, cancelledWithoutFault.",
      in: "common",
    },
    influencer: {
      shape: s.object({
        id: s.string(),
        platform: s.nullable(s.string()),
        handle: s.nullable(s.string()),
      }),
      doc: "id, platform, handle.",
      in: "common",
    },
    // Typed per policy, from the parameter values themselves (see the static check).
    params: { shape: s.unknown(), doc: "The policy's parameters, as given.", in: "common" },
  },
  parameters: {},
  derive: deriveBasics,
});
