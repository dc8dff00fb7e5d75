/**
 * Valid standings for the differential tests: built by the standing reducers (`emptyStanding`,
 * `applyVerdict`, `reinstate`) from prior campaigns' verdicts, so every one is a standing the
 * library itself could have produced, with strikes and no-shows placed around `asOf` and
 * around the policy's strike expiry (where `activeStrikeCount` and `nextChangeAt` flip).
 */
import fc from "fast-check";
import {
  applyVerdict,
  emptyStanding,
  isValidationError,
  reinstate,
  type SanctionType,
  type Standing,
  type StandingStatus,
  type Verdict,
} from "../../src/index.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Approximate lengths of a duration's units, in ms (calendar units move by an hour at DST). */
const UNIT_MS: Record<string, number> = {
  years: 365 * DAY,
  months: 30 * DAY,
  weeks: 7 * DAY,
  days: DAY,
  hours: HOUR,
  minutes: MINUTE,
  seconds: SECOND,
};

/**
 * A duration's approximate length in ms, or `undefined` for anything that is not a duration.
 *
 * @param value - A candidate duration, e.g. `{ days: 90 }`.
 * @returns Its length (months as 30 days, years as 365), or `undefined`.
 * @example
 * approximateMs({ days: 1, hours: 2 }); // 93_600_000
 */
export function approximateMs(value: unknown): number | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length === 0) return undefined;
  let ms = 0;
  for (const [unit, amount] of entries) {
    const length = UNIT_MS[unit];
    if (length === undefined || typeof amount !== "number") return undefined;
    ms += amount * length;
  }
  return ms;
}

/** Where a standing is judged: whose it is, which campaign, at which instant, under which policy. */
export interface StandingContext {
  influencerId: string;
  /** The campaign being evaluated: a record of it is skipped by the derived standing facts. */
  campaignId: string;
  /** The evaluation instant (epoch ms). */
  asOfMs: number;
  /** The policy's `strikeExpiry` (or other windows strikes are measured by), in ms. */
  expiriesMs: readonly number[];
}

/** One prior campaign's verdict, as a plan; {@link priorVerdict} makes the verdict. */
interface PriorPlan {
  campaign: number;
  /** How long before `asOf` the failure happened (negative: after `asOf`). */
  agoMs: number;
  noShow: boolean;
  strike: boolean;
  /** The strike's own `expiresAt`, relative to `asOf`, if any. */
  expiresInMs: number | null;
  sanctions: SanctionType[];
  scoreDelta: number;
  /** Applied again later as a compliant re-evaluation (takes the strike back). */
  cleared: boolean;
}

const SANCTIONS: readonly SanctionType[] = [
  "warning",
  "decrease_quality_score",
  "restrict_applications",
  "reduce_visibility",
  "suspend_account",
  "exclude_from_future_campaigns",
];

/** Small offsets around a threshold: the instant itself, a tick either side, an hour (DST). */
const NEAR = [0, 1, -1, SECOND, -SECOND, MINUTE, -MINUTE, HOUR, -HOUR, DAY, -DAY];

/** An offset from `asOf`: around one of the expiries, or anywhere in the last year, or ahead. */
function agoArbitrary(expiriesMs: readonly number[]): fc.Arbitrary<number> {
  const near = fc.constantFrom(...NEAR);
  const anywhere = [
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 400 * DAY }) },
    { weight: 1, arbitrary: near },
    { weight: 1, arbitrary: fc.integer({ min: -10 * DAY, max: -1 }) },
  ];
  if (expiriesMs.length === 0) return fc.oneof(...anywhere);
  const aroundExpiry = fc
    .tuple(fc.constantFrom(...expiriesMs), near)
    .map(([expiry, delta]) => expiry + delta);
  return fc.oneof({ weight: 4, arbitrary: aroundExpiry }, ...anywhere);
}

/** `arbitrary` one time in `every`, else `null`. */
function rarely<T>(arbitrary: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
}

function planArbitrary(expiriesMs: readonly number[]): fc.Arbitrary<PriorPlan> {
  return fc.record({
    // 0 is the campaign being evaluated (a re-evaluation), rarely.
    campaign: fc.oneof(
      { weight: 12, arbitrary: fc.integer({ min: 1, max: 4 }) },
      { weight: 1, arbitrary: fc.constant(0) },
    ),
    agoMs: agoArbitrary(expiriesMs),
    noShow: fc.boolean(),
    strike: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
    // One strike in three carries its own expiresAt.
    expiresInMs: rarely(
      fc.oneof(fc.constantFrom(...NEAR), fc.integer({ min: -30 * DAY, max: 90 * DAY })),
      3,
    ),
    sanctions: fc.uniqueArray(fc.constantFrom(...SANCTIONS), { maxLength: 2 }),
    scoreDelta: fc.integer({ min: -40, max: 0 }),
    cleared: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, fc.constant(true)),
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A prior campaign's verdict (only what `applyVerdict` reads carries meaning). */
function priorVerdict(context: StandingContext, plan: PriorPlan, cleared: boolean): Verdict {
  const campaignId = plan.campaign === 0 ? context.campaignId : `prior-${plan.campaign}`;
  const failedAt = context.asOfMs - plan.agoMs;
  const failed = !cleared && (plan.strike || plan.noShow);
  const finding = {
    rule: plan.noShow ? "prior.no-show" : "prior.breach",
    kind: plan.noShow ? ("no_show" as const) : ("breach" as const),
    outcome: failed ? ("violation" as const) : ("compliant" as const),
    explanation: "An earlier campaign.",
    evidence: {},
  };
  return {
    policy: { id: "prior-policy", version: "1" },
    campaignId,
    influencerId: context.influencerId,
    // A re-evaluation is dated later than the verdict it replaces.
    asOf: iso(failedAt + (cleared ? 2 : 1) * HOUR),
    status: failed ? "violation" : "compliant",
    noShow: failed && plan.noShow,
    findings: [finding],
    violations: failed ? [finding] : [],
    exceptions: [],
    sanctions: failed
      ? plan.sanctions.map((type) => ({
          type,
          because: [finding.rule],
          ...(type === "decrease_quality_score" ? { scoreDelta: plan.scoreDelta } : {}),
        }))
      : [],
    actions: [],
    nextCheckAt: null,
    strike:
      failed && plan.strike
        ? {
            at: iso(failedAt),
            rules: [finding.rule],
            ...(plan.expiresInMs === null
              ? {}
              : { expiresAt: iso(context.asOfMs + plan.expiresInMs) }),
          }
        : null,
  };
}

/** `applyVerdict`, keeping the standing when the reducer refuses (an older verdict of a campaign). */
function fold(standing: Standing, verdict: Verdict): Standing {
  try {
    return applyVerdict(standing, verdict);
  } catch (error) {
    if (isValidationError(error)) return standing;
    throw error;
  }
}

const STATUSES: readonly StandingStatus[] = [
  "active",
  "restricted",
  "hidden",
  "suspended",
  "excluded",
];

/**
 * Standings of `context.influencerId` as the reducers make them: a clean standing (score 100 or
 * another), then up to four prior campaigns' verdicts applied (strikes and no-shows before and
 * after `asOf`, around the expiries, some with their own `expiresAt`, some cleared by a later
 * re-evaluation, now and then one of the campaign being evaluated), maybe a reinstatement, and
 * rarely a status set by hand.
 *
 * @param context - Whose standing, for which campaign, at which instant, under which expiries.
 * @returns An arbitrary of valid standings.
 * @example
 * standingArbitrary({ influencerId: "inf-1", campaignId: "camp-1", asOfMs, expiriesMs: [90 * DAY] })
 */
export function standingArbitrary(context: StandingContext): fc.Arbitrary<Standing> {
  return fc
    .record({
      score: fc.oneof({ weight: 3, arbitrary: fc.constant(100) }, fc.integer({ min: 0, max: 100 })),
      plans: fc.array(planArbitrary(context.expiriesMs), { maxLength: 4 }),
      reinstateAgo: rarely(agoArbitrary(context.expiriesMs), 6),
      handStatus: rarely(fc.constantFrom(...STATUSES), 10),
    })
    .map(({ score, plans, reinstateAgo, handStatus }) => {
      let standing = emptyStanding(context.influencerId, score);
      for (const plan of plans) standing = fold(standing, priorVerdict(context, plan, false));
      for (const plan of plans)
        if (plan.cleared) standing = fold(standing, priorVerdict(context, plan, true));
      if (reinstateAgo !== null) standing = reinstate(standing, iso(context.asOfMs - reinstateAgo));
      // A status set by hand is still a valid standing (the reducers keep it as a floor).
      return handStatus === null ? standing : { ...standing, status: handStatus };
    });
}
