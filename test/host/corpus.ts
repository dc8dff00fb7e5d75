/**
 * A deterministic corpus of evaluation cases for the host matrix: every preset, campaign zones
 * with DST changes, sub-day and whole-day gaps across those changes, ids that sort differently
 * per locale, free text shaped like instants, several deliverables, contacts and claims.
 *
 * Pure and host-independent by construction: a seeded PRNG, instants built from epoch
 * milliseconds with `Date.UTC` arithmetic and written with explicit offsets, no `Intl`, no
 * locale-dependent call. The host matrix checks that every child saw the same corpus (its hash).
 */
import { tzScan } from "@date-fns/tz";
import {
  ainfluencer,
  emptyStanding,
  flinque,
  mediance,
  type Policy,
  refluenced,
  type Standing,
} from "../../src/index.js";
import {
  DELIVERABLE_KINDS,
  EXCEPTION_TYPES,
  OBSERVATION_CAUSES,
  OBSERVATION_STATES,
} from "../../src/policy-entry.js";

/** One evaluation of the corpus. */
export interface CorpusCase {
  /** `preset#index`, for naming a case that differs between hosts. */
  name: string;
  preset: "mediance" | "refluenced" | "ainfluencer" | "flinque";
  policy: Policy;
  facts: unknown;
  asOf: string;
  standing?: Standing;
}

const PRESETS = ["mediance", "refluenced", "ainfluencer", "flinque"] as const;

/** The default seed of the host matrix corpus. */
export const CORPUS_SEED = 20_260_308;
/** The default number of cases (spread evenly over the four presets). */
export const CORPUS_SIZE = 520;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** mulberry32: a tiny seeded PRNG, so the corpus never depends on `Math.random`. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const chance = (p: number): boolean => next() < p;
  /** `count` distinct items, in a random order. */
  const distinct = <T>(items: readonly T[], count: number): T[] => {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0)
      chosen.push(pool.splice(int(0, pool.length - 1), 1)[0] as T);
    return chosen;
  };
  return { int, pick, chance, distinct };
}

type Random = ReturnType<typeof prng>;

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/**
 * An ISO instant for `ms` written with a fixed offset (minutes east of UTC), e.g.
 * `2026-03-08T02:30:00-05:00`; built from `toISOString` so it never reads the host zone.
 */
function isoAt(ms: number, offsetMinutes: number, millis: boolean): string {
  const local = new Date(ms + offsetMinutes * MINUTE).toISOString();
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset =
    offsetMinutes === 0 && millis ? "Z" : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${local.slice(0, millis ? 23 : 19)}${offset}`;
}

// Campaign zones: DST in both hemispheres, half- and quarter-hour offsets, 30-minute DST shifts.
const ZONES = [
  "America/New_York",
  "America/Los_Angeles",
  "Europe/London",
  "Europe/Berlin",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "America/Santiago",
  "Asia/Kolkata",
  "Asia/Seoul",
  "UTC",
] as const;

// DST changes of 2026 (UTC): United States, Europe, Lord Howe, Chatham, Santiago, both ways.
const ANCHORS = [
  "2026-03-08T07:00:00Z",
  "2026-03-08T10:00:00Z",
  "2026-03-29T01:00:00Z",
  "2026-04-04T14:00:00Z",
  "2026-04-04T15:00:00Z",
  "2026-04-05T03:00:00Z",
  "2026-09-26T14:00:00Z",
  "2026-10-25T01:00:00Z",
  "2026-11-01T06:00:00Z",
  "2026-11-01T09:00:00Z",
].map((instant) => Date.parse(instant));

// Offsets the instants are written with (the facts normalise them to UTC).
const OFFSETS = [0, -300, -240, -480, 60, 120, 330, 540, 765, 825, -180];

// Ids whose order differs between locales ("zoom-1" before "text-1" under et, "Ä" after "Z"
// under da/et, dotless "ı" next to "i" under tr), plus ordinary ones.
const IDS = ["zoom-1", "text-1", "Äpfel", "ı", "i", "Zebra", "aa", "b", "øst", "ç-2", "ı-1", "i-1"];

// Free text shaped like instants (without an offset, or with one): must stay text.
const FREE_TEXT = [
  "2026-03-01T10:00 call",
  "2026-03-08T02:30:00",
  "2026-03-29T01:30",
  "moved to 2026-04-05T02:15:00.000",
  "2026-11-01T01:30:00.000",
  "2026-03-08T02:30:00-05:00",
  "2026-03-08T12:00:00Z",
  "launch-day coverage lost",
  "Äpfel ı zoom",
];

const CAPTIONS = [
  "Morning routine with @glowlabs #GlowSerum #ad",
  "Ad – gifted by @glowlabs. Three weeks with the #GlowSerum",
  "My new vitamin C serum from @Lumi.Skin #glowup #AD",
  "Loving my vitamin C serum @lumi.skin #glowup",
  "2026-03-01T10:00 call with the brand, then #ad #GlowSerum",
  "no disclosure at all, just vibes",
  "#ad Äpfel und ı — #GlowSerum @glowlabs",
];

// Live sightings weighted three to one, so that posts mostly stay up for a while.
const STATES = ["live", "live", ...OBSERVATION_STATES] as const;

/** A gap: whole days (24 h multiples, so DST changes split them), hours, minutes or seconds. */
function gap(r: Random, maxDays: number): number {
  switch (r.int(0, 4)) {
    case 0:
      return r.int(0, maxDays) * DAY;
    case 1:
      return r.int(0, maxDays) * DAY + r.int(1, 23) * HOUR;
    case 2:
      return r.int(1, 47) * HOUR + r.int(0, 59) * MINUTE;
    case 3:
      return r.int(0, 59) * MINUTE + r.int(1, 59) * 1000;
    default:
      return r.int(0, 999);
  }
}

function duration(r: Random): Record<string, number> {
  return r.pick<Record<string, number>>([
    { days: r.int(1, 30) },
    { hours: r.int(1, 72) },
    { days: r.int(1, 3), hours: r.int(1, 12) },
    { minutes: r.int(30, 600) },
    { weeks: 1 },
  ]);
}

// Building a preset validates it (about 3 ms): the corpus reuses one per parameter set, and
// keeps the parameter sets few.
const presets = new Map<string, Policy>();
const presetIds = new Map<unknown, string>([
  [mediance, "mediance"],
  [refluenced, "refluenced"],
  [ainfluencer, "ainfluencer"],
  [flinque, "flinque"],
]);
function preset_<P>(build: (params: P) => Policy, params: P): Policy {
  const key = `${String(presetIds.get(build))}:${JSON.stringify(params)}`;
  let policy = presets.get(key);
  if (!policy) {
    policy = build(params);
    presets.set(key, policy);
  }
  return policy;
}

function generateCase(r: Random, index: number): CorpusCase {
  const preset = PRESETS[index % PRESETS.length] as CorpusCase["preset"];
  const timezone = r.pick(ZONES);
  const anchor = r.pick(ANCHORS);
  const offset = () => r.pick(OFFSETS);
  // Milliseconds are written whenever there are any, so an instant is always exact.
  const at = (ms: number) => isoAt(ms, offset(), ms % 1000 !== 0 || r.chance(0.3));

  const selected = anchor - r.int(3, 20) * DAY - r.int(0, 23) * HOUR;
  const starts = selected + r.int(0, 2) * DAY;
  const ends = starts + r.int(10, 45) * DAY + r.pick([0, -1000, 59 * MINUTE]);
  const kind =
    preset === "mediance" || preset === "refluenced"
      ? r.pick(["product_sponsorship", "paid"] as const)
      : r.pick(["paid", "voucher", "visit"] as const);

  // Shared instants make ties, which only the id order breaks (locale-dependent before 0.2).
  const sharedDue = r.chance(0.5)
    ? anchor + r.int(-4, 4) * DAY + r.int(0, 23) * HOUR + r.pick([0, 59 * MINUTE])
    : null;
  const deliverableIds = r.distinct(IDS, r.pick([1, 2, 2, 3, 3, 4]));
  const deliverables = deliverableIds.map((id) => {
    const due =
      sharedDue ?? anchor + r.int(-4, 4) * DAY + r.int(0, 23) * HOUR + r.pick([0, 59 * MINUTE]);
    const deliverable: Record<string, unknown> = { id, kind: r.pick(DELIVERABLE_KINDS) };
    if (preset !== "mediance" || r.chance(0.5)) deliverable.dueAt = at(due);
    if (r.chance(0.25)) deliverable.minLiveDuration = duration(r);
    if (preset === "ainfluencer" || preset === "flinque" || r.chance(0.1)) {
      deliverable.terms = {
        ...(r.chance(0.6) ? { publishAt: at(due - r.int(0, 3) * DAY) } : {}),
        ...(r.chance(0.3) ? { publishTolerance: { hours: r.int(1, 6) } } : {}),
        hashtags: r.distinct(["#GlowSerum", "#ad", "#glowup", "#Äpfel"], r.int(0, 3)),
        mentions: r.distinct(["@glowlabs", "@lumi.skin"], r.int(0, 2)),
        ...(r.chance(0.5) ? { captionIncludes: ["vitamin C serum"] } : {}),
        ...(r.chance(0.5) ? { mediaIds: r.distinct(["img-1", "img-2", "zoom-1", "ı"], 2) } : {}),
        ...(r.chance(0.4) ? { linkInBio: "https://lumi.example/serum" } : {}),
        ...(r.chance(0.6) ? { disclosureRequired: r.chance(0.7) } : {}),
      };
    }
    if (r.chance(0.75)) {
      const published = due + r.pick([-1, 1]) * gap(r, 5);
      const observations = Array.from({ length: r.int(0, 5) }, () => {
        const state = r.pick(STATES);
        return {
          at: at(published + gap(r, 35)),
          state,
          ...(state !== "live" && r.chance(0.6) ? { cause: r.pick(OBSERVATION_CAUSES) } : {}),
        };
      });
      deliverable.post = {
        ...(r.chance(0.5) ? { url: `https://instagram.com/p/${index}` } : {}),
        publishedAt: at(published),
        caption: r.pick(CAPTIONS),
        ...(r.chance(0.4)
          ? { mediaIds: r.distinct(["img-1", "img-2", "zoom-1"], r.int(0, 2)) }
          : {}),
        ...(r.chance(0.3)
          ? { linkInBio: r.pick(["https://lumi.example/serum", "https://mia.example/links"]) }
          : {}),
        observations,
      };
    }
    if (r.chance(0.3)) {
      deliverable.editRequests = r.distinct(IDS, r.int(1, 2)).map((requestId) => {
        const requested = due - gap(r, 4);
        return {
          id: `edit-${requestId}`,
          requestedAt: at(requested),
          reason: r.pick(["guideline_mismatch", "disclosure", "other"]),
          ...(r.chance(0.6) ? { respondedAt: at(requested + gap(r, 5)) } : {}),
        };
      });
    }
    if (r.chance(0.25)) {
      const granted = due - gap(r, 3);
      deliverable.extensions = [
        {
          grantedAt: at(granted),
          newDueAt: at(due + gap(r, 6)),
          ...(r.chance(0.8) ? { reason: r.pick(FREE_TEXT) } : {}),
        },
      ];
    }
    return deliverable;
  });

  const sharedContactAt = r.chance(0.5) ? anchor + r.int(-6, 6) * DAY + r.int(0, 23) * HOUR : null;
  const contacts = r.distinct(IDS, r.pick([0, 1, 2, 3])).map((id) => {
    const contacted = sharedContactAt ?? anchor + r.int(-6, 6) * DAY + r.int(0, 23) * HOUR;
    return {
      id,
      at: at(contacted),
      from: r.pick(["platform", "advertiser"]),
      channel: r.pick(["call", "sms", "email", "chat"]),
      ...(r.chance(0.5) ? { respondedAt: at(contacted + gap(r, 5)) } : {}),
    };
  });

  const exceptions = r.distinct(IDS, r.pick([0, 0, 0, 1, 2])).map((id) => {
    const reported = anchor + r.int(-3, 12) * DAY + r.int(0, 23) * HOUR;
    const from = reported - gap(r, 6);
    return {
      id,
      type: r.pick(EXCEPTION_TYPES),
      reportedAt: at(reported),
      ...(r.chance(0.6) ? { from: at(from), until: at(from + gap(r, 10)) } : {}),
      ...(r.chance(0.5)
        ? { evidence: [{ kind: "physician_statement", issuedAt: at(reported - gap(r, 2)) }] }
        : {}),
      ...(r.chance(0.7) ? { decision: r.pick(["accepted", "rejected"]) } : {}),
      ...(r.chance(0.5) ? { appliesTo: r.distinct(deliverableIds, 1) } : {}),
    };
  });

  const influencerId = r.pick(["inf-1", "inf-ı", "inf-Äpfel"]);
  const facts: Record<string, unknown> = {
    campaign: {
      id: `camp-${index}`,
      kind,
      timezone,
      startsAt: at(starts),
      endsAt: at(ends),
      ...(r.chance(0.3) ? { impact: { serious: r.chance(0.5), note: r.pick(FREE_TEXT) } } : {}),
    },
    influencer: { id: influencerId, platform: "instagram", handle: "@zoom.text" },
    participation: {
      selectedAt: at(selected),
      ...(r.chance(0.08)
        ? {
            cancelledAt: at(anchor - gap(r, 2)),
            cancelledBy: r.pick(["influencer", "advertiser", "platform", "mutual"]),
          }
        : {}),
    },
    deliverables,
    ...(contacts.length > 0 ? { contacts } : {}),
    ...(exceptions.length > 0 ? { exceptions } : {}),
  };
  if (kind === "product_sponsorship" || r.chance(0.2)) {
    const shipped = selected + gap(r, 3);
    facts.product = {
      value: { amount: r.int(100, 90_000), currency: r.pick(["KRW", "EUR", "USD", "INR", "JPY"]) },
      shippedAt: at(shipped),
      ...(r.chance(0.8) ? { deliveredAt: at(shipped + gap(r, 3)) } : {}),
      ...(r.chance(0.3) ? { returnRequestedAt: at(anchor + gap(r, 5)) } : {}),
    };
  }
  if (kind === "voucher" || r.chance(0.15)) {
    const issued = selected + gap(r, 2);
    facts.voucher = {
      value: { amount: r.int(500, 5000), currency: "EUR" },
      issuedAt: at(issued),
      ...(r.chance(0.5) ? { redeemedAt: at(issued + gap(r, 6)) } : {}),
    };
  }
  if (r.chance(0.85)) {
    facts.payment = {
      amount: { amount: r.int(1000, 5_000_000), currency: r.pick(["USD", "EUR", "INR", "KRW"]) },
      ...(preset === "ainfluencer" && r.chance(0.8)
        ? { escrow: { fundedAt: at(selected + gap(r, 2)) } }
        : {}),
      ...(preset === "flinque" && r.chance(0.4) ? { paidOutAt: at(selected + gap(r, 3)) } : {}),
    };
  }

  const policy =
    preset === "mediance"
      ? preset_(mediance, r.chance(0.3) ? { minLiveDuration: { hours: r.pick([36, 47]) } } : {})
      : preset === "refluenced"
        ? preset_(refluenced, r.chance(0.5) ? { returnAddress: r.pick(FREE_TEXT) } : {})
        : preset === "ainfluencer"
          ? preset_(ainfluencer, r.chance(0.4) ? { strikeExpiry: { days: r.pick([30, 90]) } } : {})
          : preset_(flinque, {
              disclosureProfile: r.pick(["us-ftc", "uk-asa"] as const),
              earlyRemovalRemedy: r.pick(["repost", "refund"] as const),
            });

  let standing: Standing | undefined;
  if (r.chance(0.3)) {
    standing = {
      ...emptyStanding(influencerId),
      strikes: Array.from({ length: r.int(0, 2) }, (_, strike) => ({
        at: new Date(selected - (strike + 1) * r.int(5, 60) * DAY).toISOString(),
        campaignId: `old-${strike}`,
        policyId: policy.id,
        rules: ["earlier.breach"],
      })),
    };
  }

  const asOf = at(Math.max(selected, anchor + r.int(-3, 40) * DAY + gap(r, 1)));
  return {
    name: `${preset}#${index}`,
    preset,
    policy,
    facts,
    asOf,
    ...(standing ? { standing } : {}),
  };
}

/**
 * The corpus: `size` cases from `seed`, the same on every host.
 *
 * @param seed - The PRNG seed.
 * @param size - The number of cases.
 * @returns The cases, presets in turn.
 */
export function generateCorpus(seed = CORPUS_SEED, size = CORPUS_SIZE): CorpusCase[] {
  const r = prng(seed);
  return Array.from({ length: size }, (_, index) => generateCase(r, index));
}

/** What a corpus exercises, counted in cases (a case can count in several rows). */
export interface CorpusProfile {
  /** A DST change of the campaign zone lies between selection and `asOf`. */
  dstCrossings: number;
  /** A post published less than a day before or after its deadline. */
  subDayGaps: number;
  /** Two ids whose order differs between locales ("zoom-1"/"text-1", "Äpfel"/"Zebra", "ı"/"i"). */
  localeSensitiveIds: number;
  /** Free text shaped like an instant (impact note, extension reason, return address). */
  instantShapedText: number;
  multipleDeliverables: number;
  contacts: number;
  claims: number;
  standings: number;
}

const LOCALE_PAIRS = [
  ["zoom-1", "text-1"],
  ["Äpfel", "Zebra"],
  ["ı", "i"],
  ["ı-1", "i-1"],
  ["aa", "Zebra"],
];
const INSTANT_SHAPED = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * Counts what the corpus exercises, so the matrix can insist on it (a generator edit that
 * drops the DST cases or the locale-sensitive ids fails the matrix instead of weakening it).
 *
 * @param corpus - The generated cases.
 * @returns The counts.
 */
export function profileCorpus(corpus: readonly CorpusCase[]): CorpusProfile {
  const profile: CorpusProfile = {
    dstCrossings: 0,
    subDayGaps: 0,
    localeSensitiveIds: 0,
    instantShapedText: 0,
    multipleDeliverables: 0,
    contacts: 0,
    claims: 0,
    standings: 0,
  };
  for (const entry of corpus) {
    const facts = entry.facts as {
      campaign: { timezone: string; impact?: { note?: string } };
      participation: { selectedAt: string };
      deliverables: Array<{
        id: string;
        dueAt?: string;
        post?: { publishedAt: string };
        extensions?: Array<{ reason?: string }>;
      }>;
      contacts?: Array<{ id: string }>;
      exceptions?: Array<{ id: string }>;
    };
    const start = Date.parse(facts.participation.selectedAt);
    const end = Date.parse(entry.asOf);
    if (tzScan(facts.campaign.timezone, { start: new Date(start), end: new Date(end) }).length > 0)
      profile.dstCrossings++;
    if (
      facts.deliverables.some(
        ({ dueAt, post }) =>
          dueAt &&
          post &&
          Math.abs(Date.parse(post.publishedAt) - Date.parse(dueAt)) < DAY &&
          post.publishedAt !== dueAt,
      )
    )
      profile.subDayGaps++;
    const ids = [facts.deliverables, facts.contacts ?? [], facts.exceptions ?? []].map(
      (list) => new Set(list.map(({ id }) => id)),
    );
    if (ids.some((set) => LOCALE_PAIRS.some(([a, b]) => set.has(a ?? "") && set.has(b ?? ""))))
      profile.localeSensitiveIds++;
    const texts = [
      facts.campaign.impact?.note,
      ...facts.deliverables.flatMap(({ extensions }) => extensions?.map(({ reason }) => reason)),
      entry.policy.parameters.returnAddress,
    ];
    if (texts.some((text) => typeof text === "string" && INSTANT_SHAPED.test(text)))
      profile.instantShapedText++;
    if (facts.deliverables.length > 1) profile.multipleDeliverables++;
    if ((facts.contacts?.length ?? 0) > 0) profile.contacts++;
    if ((facts.exceptions?.length ?? 0) > 0) profile.claims++;
    if (entry.standing) profile.standings++;
  }
  return profile;
}
