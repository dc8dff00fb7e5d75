/**
 * The zod schemas of a campaign participation's facts. Objects are strict (an unknown key is an
 * error), instants must carry an offset and are normalised to UTC, money is in minor units.
 */
import { z } from "zod";
import { compareInstants, toUtc } from "../time.js";

/** An ISO-8601 instant with an offset (`Z` or `±hh:mm`); normalised to UTC on parse. */
export const instantSchema = z.iso
  .datetime({ offset: true, error: "must be an ISO-8601 instant with an offset (Z or ±hh:mm)" })
  .transform((value) => toUtc(value));

const DAY_MS = 86_400_000;
/** Rough lengths, only to bound a duration (the date math itself is date-fns's). */
const UNIT_MS = {
  years: 365.25 * DAY_MS,
  months: 30.44 * DAY_MS,
  weeks: 7 * DAY_MS,
  days: DAY_MS,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
} as const;

/** A date-fns `Duration`: days and longer are calendar units in the campaign zone. */
export const durationSchema = z
  .strictObject({
    years: z.number().int().nonnegative().optional(),
    months: z.number().int().nonnegative().optional(),
    weeks: z.number().int().nonnegative().optional(),
    days: z.number().int().nonnegative().optional(),
    hours: z.number().int().nonnegative().optional(),
    minutes: z.number().int().nonnegative().optional(),
    seconds: z.number().int().nonnegative().optional(),
  })
  .refine(
    (duration) =>
      Object.entries(duration).reduce(
        (total, [unit, amount]) => total + (amount ?? 0) * UNIT_MS[unit as keyof typeof UNIT_MS],
        0,
      ) <=
      1000 * UNIT_MS.years,
    "must not exceed 1000 years",
  );

// The ISO-4217 codes this runtime knows (a constant list, read once).
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

/** Money as an integer amount of minor units (cents, won) and an ISO-4217 currency code. */
export const moneySchema = z.strictObject({
  amount: z.number().int("must be an integer amount of minor units").nonnegative(),
  currency: z
    .string()
    .refine((code) => CURRENCIES.has(code), "must be an ISO-4217 code such as USD"),
});

// Building an Intl formatter is slow; a zone once seen valid stays valid (a pure memo).
const KNOWN_TIME_ZONES = new Set<string>();

function isTimeZone(value: string): boolean {
  if (KNOWN_TIME_ZONES.has(value)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    KNOWN_TIME_ZONES.add(value);
    return true;
  } catch {
    return false;
  }
}

/** The campaign kinds the library knows. */
export const CAMPAIGN_KINDS = ["paid", "product_sponsorship", "voucher", "visit"] as const;
/** The deliverable kinds the library knows. */
export const DELIVERABLE_KINDS = ["post", "reel", "story", "video", "blog", "review"] as const;
/** What a tracker can see of a post. */
export const OBSERVATION_STATES = [
  "live",
  "deleted",
  "private",
  "archived",
  "removed_by_platform",
  "unavailable",
] as const;
/** Who or what caused a post to stop being live. */
export const OBSERVATION_CAUSES = [
  "influencer",
  "platform",
  "token_expired",
  "outage",
  "unknown",
] as const;
/** The exception types an influencer can claim. */
export const EXCEPTION_TYPES = [
  "illness",
  "death",
  "childbirth",
  "overseas_business_trip",
  "shipping_delay",
  "platform_outage",
  "advertiser_delay",
  "force_majeure",
  "other",
] as const;

const id = z.string().min(1);

const observationSchema = z.strictObject({
  at: instantSchema,
  state: z.enum(OBSERVATION_STATES),
  cause: z.enum(OBSERVATION_CAUSES).optional(),
});

const postSchema = z.strictObject({
  url: z.string().optional(),
  publishedAt: instantSchema,
  caption: z.string().optional(),
  hashtags: z.array(z.string()).optional(),
  mentions: z.array(z.string()).optional(),
  mediaIds: z.array(z.string()).optional(),
  linkInBio: z.string().optional(),
  observations: z.array(observationSchema).optional(),
});

const termsSchema = z.strictObject({
  publishAt: instantSchema.optional(),
  publishTolerance: durationSchema.optional(),
  hashtags: z.array(z.string()).optional(),
  mentions: z.array(z.string()).optional(),
  captionIncludes: z.array(z.string()).optional(),
  mediaIds: z.array(z.string()).optional(),
  linkInBio: z.string().optional(),
  disclosureRequired: z.boolean().optional(),
});

const editRequestSchema = z.strictObject({
  id,
  requestedAt: instantSchema,
  reason: z.enum(["guideline_mismatch", "disclosure", "other"]),
  respondedAt: instantSchema.optional(),
  resolvedAt: instantSchema.optional(),
});

const extensionSchema = z.strictObject({
  grantedAt: instantSchema,
  newDueAt: instantSchema,
  reason: z.string().optional(),
});

const deliverableSchema = z.strictObject({
  id,
  kind: z.enum(DELIVERABLE_KINDS),
  dueAt: instantSchema.optional(),
  minLiveDuration: durationSchema.optional(),
  terms: termsSchema.optional(),
  post: postSchema.optional(),
  editRequests: z.array(editRequestSchema).optional(),
  extensions: z.array(extensionSchema).optional(),
});

const contactSchema = z.strictObject({
  id,
  at: instantSchema,
  from: z.enum(["platform", "advertiser"]),
  channel: z.enum(["call", "sms", "email", "chat"]),
  respondedAt: instantSchema.optional(),
});

const exceptionClaimSchema = z.strictObject({
  id,
  type: z.enum(EXCEPTION_TYPES),
  reportedAt: instantSchema,
  from: instantSchema.optional(),
  until: instantSchema.optional(),
  evidence: z
    .array(z.strictObject({ kind: z.string().min(1), issuedAt: instantSchema.optional() }))
    .optional(),
  decision: z.enum(["accepted", "rejected"]).optional(),
  appliesTo: z.array(id).optional(),
});

/** The facts of one influencer's participation in one campaign. */
export const campaignFactsSchema = z
  .strictObject({
    campaign: z.strictObject({
      id,
      kind: z.enum(CAMPAIGN_KINDS),
      timezone: z.string().refine(isTimeZone, "must be an IANA time zone such as Asia/Seoul"),
      startsAt: instantSchema,
      endsAt: instantSchema,
      impact: z.strictObject({ serious: z.boolean(), note: z.string().optional() }).optional(),
    }),
    influencer: z.strictObject({
      id,
      platform: z.string().optional(),
      handle: z.string().optional(),
    }),
    participation: z.strictObject({
      selectedAt: instantSchema,
      cancelledAt: instantSchema.optional(),
      cancelledBy: z.enum(["influencer", "advertiser", "platform", "mutual"]).optional(),
    }),
    deliverables: z.array(deliverableSchema),
    contacts: z.array(contactSchema).optional(),
    product: z
      .strictObject({
        value: moneySchema,
        shippedAt: instantSchema.optional(),
        deliveredAt: instantSchema.optional(),
        returnRequestedAt: instantSchema.optional(),
        returnedAt: instantSchema.optional(),
      })
      .optional(),
    voucher: z
      .strictObject({
        value: moneySchema,
        issuedAt: instantSchema,
        redeemedAt: instantSchema.optional(),
        deactivatedAt: instantSchema.optional(),
      })
      .optional(),
    payment: z
      .strictObject({
        amount: moneySchema,
        escrow: z
          .strictObject({
            fundedAt: instantSchema,
            releasedAt: instantSchema.optional(),
            refundedAt: instantSchema.optional(),
          })
          .optional(),
        paidOutAt: instantSchema.optional(),
      })
      .optional(),
    exceptions: z.array(exceptionClaimSchema).optional(),
  })
  .superRefine((facts, context) => {
    if (compareInstants(facts.campaign.endsAt, facts.campaign.startsAt) < 0) {
      context.addIssue({
        code: "custom",
        path: ["campaign", "endsAt"],
        message: "must not be before campaign.startsAt",
      });
    }
    const deliverableIds = new Set<string>();
    facts.deliverables.forEach((deliverable, index) => {
      if (deliverableIds.has(deliverable.id)) {
        context.addIssue({
          code: "custom",
          path: ["deliverables", index, "id"],
          message: `duplicate deliverable id "${deliverable.id}"`,
        });
      }
      deliverableIds.add(deliverable.id);
    });
    facts.exceptions?.forEach((claim, index) => {
      claim.appliesTo?.forEach((target, position) => {
        if (!deliverableIds.has(target)) {
          context.addIssue({
            code: "custom",
            path: ["exceptions", index, "appliesTo", position],
            message: `no deliverable has id "${target}"`,
          });
        }
      });
      if (claim.from && claim.until && compareInstants(claim.until, claim.from) < 0) {
        context.addIssue({
          code: "custom",
          path: ["exceptions", index, "until"],
          message: "must not be before from",
        });
      }
    });
    // Records that contradict themselves are input errors; doubts about meaning are left to rules.
    const notBefore = (
      later: string | undefined,
      earlier: string | undefined,
      path: PropertyKey[],
      what: string,
    ) => {
      if (later && earlier && compareInstants(later, earlier) < 0) {
        context.addIssue({ code: "custom", path, message: `must not be before ${what}` });
      }
    };
    facts.deliverables.forEach((deliverable, index) => {
      deliverable.editRequests?.forEach((request, position) => {
        const at = ["deliverables", index, "editRequests", position];
        notBefore(request.respondedAt, request.requestedAt, [...at, "respondedAt"], "requestedAt");
        notBefore(request.resolvedAt, request.requestedAt, [...at, "resolvedAt"], "requestedAt");
      });
    });
    facts.contacts?.forEach((contact, index) => {
      notBefore(
        contact.respondedAt,
        contact.at,
        ["contacts", index, "respondedAt"],
        "the contact (at)",
      );
    });
    const { product, voucher, payment } = facts;
    notBefore(product?.deliveredAt, product?.shippedAt, ["product", "deliveredAt"], "shippedAt");
    notBefore(product?.returnedAt, product?.deliveredAt, ["product", "returnedAt"], "deliveredAt");
    notBefore(voucher?.redeemedAt, voucher?.issuedAt, ["voucher", "redeemedAt"], "issuedAt");
    notBefore(voucher?.deactivatedAt, voucher?.issuedAt, ["voucher", "deactivatedAt"], "issuedAt");
    notBefore(
      payment?.escrow?.releasedAt,
      payment?.escrow?.fundedAt,
      ["payment", "escrow", "releasedAt"],
      "fundedAt",
    );
    notBefore(
      payment?.escrow?.refundedAt,
      payment?.escrow?.fundedAt,
      ["payment", "escrow", "refundedAt"],
      "fundedAt",
    );
    if (payment?.escrow?.releasedAt && payment.escrow.refundedAt) {
      context.addIssue({
        code: "custom",
        path: ["payment", "escrow", "refundedAt"],
        message: "an escrow cannot be both released and refunded",
      });
    }
    notBefore(
      facts.participation.cancelledAt,
      facts.participation.selectedAt,
      ["participation", "cancelledAt"],
      "selectedAt",
    );
    if (facts.participation.cancelledBy && !facts.participation.cancelledAt) {
      context.addIssue({
        code: "custom",
        path: ["participation", "cancelledAt"],
        message: "is required when cancelledBy is set",
      });
    }
  });

/** A duration as date-fns understands it. */
export type Duration = z.infer<typeof durationSchema>;
/** Money in integer minor units. */
export type Money = z.infer<typeof moneySchema>;
/** Validated, normalised campaign facts (every instant in UTC). */
export type CampaignFacts = z.output<typeof campaignFactsSchema>;
/** Campaign facts as accepted on input (instants with any offset). */
export type CampaignFactsInput = z.input<typeof campaignFactsSchema>;
/** One deliverable of the campaign. */
export type Deliverable = CampaignFacts["deliverables"][number];
/** One exception claimed by the influencer. */
export type ExceptionClaim = NonNullable<CampaignFacts["exceptions"]>[number];
/** One tracker observation of a post. */
export type Observation = z.output<typeof observationSchema>;
/** One contact attempt by the platform or advertiser. */
export type Contact = NonNullable<CampaignFacts["contacts"]>[number];
/** The exception types as a union. */
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];
