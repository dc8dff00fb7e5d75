/**
 * The zod schemas of a campaign participation's facts. Objects are strict (an unknown key is an
 * error), instants must carry an offset and are normalised to UTC, money is in minor units.
 */
import { z } from "zod";
import { canonicalMillis, toUtc } from "../core/time.js";
import type { ValidationIssue, ValidationIssueCode } from "../errors.js";
import { preflight, toValidationIssues } from "../validation.js";

/** An ISO-8601 instant with an offset (`Z` or `±hh:mm`); normalised to UTC on parse. */
export const instantSchema = z.iso
  .datetime({ offset: true, error: "must be an ISO-8601 instant with an offset (Z or ±hh:mm)" })
  .transform((value) => toUtc(value))
  // An offset can push the UTC form out of four year digits ("+010000-…"), which no instant
  // field would accept back: refuse it here, so that every stored instant parses again.
  .refine((utc) => !utc.startsWith("-"), {
    message: "must lie between the years 0000 and 9999 in UTC",
    params: { code: "too_small" },
  })
  .refine((utc) => !utc.startsWith("+"), {
    message: "must lie between the years 0000 and 9999 in UTC",
    params: { code: "too_big" },
  })
  .describe("An ISO-8601 instant with an offset (Z or ±hh:mm), e.g. 2026-03-01T10:00:00+09:00.");

/**
 * The documented caps on facts. Each is enforced as a `ValidationError` (code `too_long` or
 * `too_many`) at its path, so no input can make an evaluation slow or its verdict huge.
 */
export const FACTS_LIMITS = {
  /** Characters in an id (campaign, influencer, deliverable, contact, claim, edit request). */
  idLength: 200,
  /** Characters in a short text: a handle, a URL, a hashtag, a mention, a media id, a kind. */
  textLength: 2_048,
  /** Characters in a free-text note or reason. */
  noteLength: 10_000,
  /** Characters in a post caption (1 MiB). */
  captionLength: 1_048_576,
  /** The largest `post.textLength` (characters of a post's text as the platform counted them). */
  postTextLength: 10_000_000,
  /** Deliverables in one participation. */
  deliverables: 1_000,
  /** Tracker observations of one post. */
  observations: 10_000,
  /** Items in one terms or post list (hashtags, mentions, media ids, caption phrases). */
  listItems: 10_000,
  /** Contacts in one participation. */
  contacts: 10_000,
  /** Edit requests, and extensions, of one deliverable. */
  requestsPerDeliverable: 1_000,
  /** Exception claims in one participation. */
  claims: 1_000,
  /** Evidence items of one claim, and deliverable ids it applies to. */
  claimItems: 1_000,
} as const;

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

/** The longest duration accepted anywhere (so date arithmetic can never leave `Date`'s range). */
export const MAX_DURATION_YEARS = 1000;

function roughMillis(duration: Partial<Record<keyof typeof UNIT_MS, number>>): number {
  let total = 0;
  for (const unit of Object.keys(UNIT_MS) as Array<keyof typeof UNIT_MS>)
    total += (duration[unit] ?? 0) * UNIT_MS[unit];
  return total;
}

const durationUnit = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional();

/**
 * A date-fns `Duration`: days and longer are calendar units in the campaign zone. At least one
 * unit must be given (`{}` is not a duration), and the whole is at most 1000 years.
 */
export const durationSchema = z
  .strictObject({
    years: durationUnit,
    months: durationUnit,
    weeks: durationUnit,
    days: durationUnit,
    hours: durationUnit,
    minutes: durationUnit,
    seconds: durationUnit,
  })
  .check((ctx) => {
    const duration = ctx.value;
    if (Object.values(duration).every((amount) => amount === undefined)) {
      ctx.issues.push({
        code: "custom",
        input: duration,
        message:
          "must give at least one unit, e.g. { days: 30 }: an empty object is not a duration",
        params: { code: "too_small" },
      });
    } else if (roughMillis(duration) > MAX_DURATION_YEARS * UNIT_MS.years) {
      ctx.issues.push({
        code: "custom",
        input: duration,
        message: `must not exceed ${MAX_DURATION_YEARS} years`,
        params: { code: "too_big" },
      });
    }
  })
  .describe(
    `A date-fns Duration such as { "days": 30 }: at least one unit, at most ${MAX_DURATION_YEARS} years in all; days and longer are calendar units in the campaign zone.`,
  );

/** A {@link durationSchema} that must be longer than zero (a minimum that is zero is no minimum). */
export const positiveDurationSchema = durationSchema
  .refine((duration) => roughMillis(duration) > 0, {
    message: "must be longer than zero",
    params: { code: "too_small" },
  })
  .describe(
    `A date-fns Duration longer than zero such as { "days": 30 }: at most ${MAX_DURATION_YEARS} years in all.`,
  );

// The ISO-4217 codes this runtime knows (a constant list, read once).
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

/** Money as an integer amount of minor units (cents, won) and an ISO-4217 currency code. */
export const moneySchema = z
  .strictObject({
    amount: z
      .number()
      .int("must be an integer amount of minor units")
      .nonnegative()
      .describe("An integer amount of minor units (cents, won)."),
    currency: z
      .string()
      .refine((code) => CURRENCIES.has(code), "must be an ISO-4217 code such as USD")
      .describe("An ISO-4217 currency code such as USD."),
  })
  .describe("Money: an integer amount of minor units and an ISO-4217 currency code.");

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
/** Why an advertiser or platform asked for an edit. */
export const EDIT_REQUEST_REASONS = ["guideline_mismatch", "disclosure", "other"] as const;
/** The reason of an edit request. */
export type EditRequestReason = (typeof EDIT_REQUEST_REASONS)[number];
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

/**
 * The years an instant of the facts may name: any of them plus or minus the longest duration
 * ({@link MAX_DURATION_YEARS}) stays within four year digits, so every instant a verdict derives
 * from the facts (a deadline plus a window, a reminder before it) can be stored and read back.
 */
export const FACTS_YEARS = { min: 1000, max: 8999 } as const;

const yearsMessage = `must lie between the years ${FACTS_YEARS.min} and ${FACTS_YEARS.max} (so that adding any duration stays a valid instant)`;
const factInstant = instantSchema
  .refine((utc) => Number(utc.slice(0, 4)) >= FACTS_YEARS.min, {
    message: yearsMessage,
    params: { code: "too_small" },
  })
  .refine((utc) => Number(utc.slice(0, 4)) <= FACTS_YEARS.max, {
    message: yearsMessage,
    params: { code: "too_big" },
  })
  .describe(
    `An ISO-8601 instant with an offset (Z or ±hh:mm) in the years ${FACTS_YEARS.min}–${FACTS_YEARS.max} (UTC).`,
  );

const L = FACTS_LIMITS;
const id = z.string().min(1).max(L.idLength);
const text = z.string().max(L.textLength);
const note = z.string().max(L.noteLength);
const list = z.array(text).max(L.listItems);

const observationSchema = z
  .strictObject({
    at: factInstant.describe("When the tracker looked."),
    state: z.enum(OBSERVATION_STATES).describe("What the tracker saw of the post."),
    cause: z
      .enum(OBSERVATION_CAUSES)
      .optional()
      .describe("Who or what made the post stop being live, when known."),
  })
  .describe("One tracker observation of a post (observations may come in any order).");

const postSchema = z
  .strictObject({
    url: text.optional(),
    publishedAt: factInstant.describe("When the post was published."),
    caption: z.string().max(L.captionLength).optional(),
    hashtags: list.optional(),
    mentions: list.optional(),
    mediaIds: list.optional(),
    linkInBio: text.optional(),
    observations: z
      .array(observationSchema)
      .max(L.observations)
      .optional()
      .describe("What the tracker saw of the post, in any order."),
    /**
     * The length of the post's text in characters, as the platform counts it (e.g. a blog post
     * without spaces): for minimum-length rules. Absent: not known.
     */
    textLength: z
      .number()
      .int()
      .nonnegative()
      .max(L.postTextLength)
      .optional()
      .describe(
        "The post's text length in characters, as the platform counts it; absent: not known.",
      ),
    /** Whether the submission carries the proof photo the campaign asks for. Absent: not known. */
    proofPhoto: z
      .boolean()
      .optional()
      .describe("Whether the submission carries the required proof photo; absent: not known."),
  })
  .describe("The post registered for a deliverable, as published.");

const termsSchema = z
  .strictObject({
    publishAt: factInstant.optional().describe("The agreed publication instant."),
    publishTolerance: durationSchema
      .optional()
      .describe("How far from publishAt the post may go up."),
    hashtags: list.optional(),
    mentions: list.optional(),
    captionIncludes: list.optional(),
    mediaIds: list.optional(),
    linkInBio: text.optional(),
    disclosureRequired: z.boolean().optional(),
  })
  .describe("The terms agreed for a deliverable: what the post must carry, and when.");

const editRequestSchema = z
  .strictObject({
    id,
    requestedAt: factInstant,
    reason: z.enum(EDIT_REQUEST_REASONS),
    respondedAt: factInstant.optional(),
    resolvedAt: factInstant.optional(),
  })
  .describe("A request to edit the post, and when it was answered and resolved.");

const extensionSchema = z
  .strictObject({
    grantedAt: factInstant,
    newDueAt: factInstant.describe("The deadline the extension grants."),
    reason: note.optional(),
  })
  .describe("A deadline extension granted for a deliverable.");

const deliverableSchema = z
  .strictObject({
    id: id.describe("The deliverable's id, unique in the participation."),
    kind: z.enum(DELIVERABLE_KINDS),
    dueAt: factInstant.optional().describe("The deadline (inclusive); default: campaign.endsAt."),
    minLiveDuration: positiveDurationSchema
      .optional()
      .describe("How long the post must stay live; default: the policy's parameter."),
    terms: termsSchema.optional(),
    post: postSchema.optional(),
    editRequests: z.array(editRequestSchema).max(L.requestsPerDeliverable).optional(),
    extensions: z.array(extensionSchema).max(L.requestsPerDeliverable).optional(),
  })
  .describe("One piece of content owed: its deadline, agreed terms, post and requests.");

const contactSchema = z
  .strictObject({
    id,
    at: factInstant,
    from: z.enum(["platform", "advertiser"]),
    channel: z.enum(["call", "sms", "email", "chat"]),
    respondedAt: factInstant.optional().describe("When the influencer answered, if they did."),
  })
  .describe("A contact attempt by the platform or the advertiser.");

const exceptionClaimSchema = z
  .strictObject({
    id,
    type: z.enum(EXCEPTION_TYPES),
    reportedAt: factInstant.describe("When the influencer reported the exception."),
    from: factInstant.optional().describe("When the circumstance began."),
    until: factInstant.optional().describe("When the circumstance ended."),
    evidence: z
      .array(
        z.strictObject({
          kind: z.string().min(1).max(L.textLength),
          issuedAt: factInstant.optional(),
        }),
      )
      .max(L.claimItems)
      .optional(),
    decision: z
      .enum(["accepted", "rejected"])
      .optional()
      .describe("The platform's decision; absent: not yet decided."),
    appliesTo: z
      .array(id)
      .max(L.claimItems)
      .optional()
      .describe("The deliverable ids the claim covers; absent: all of them."),
  })
  .describe("An exception the influencer claims (illness, a shipping delay…).");

/**
 * The facts of one participation, field by field. Checks across fields (ids, the order of
 * instants) are {@link factsCrossFieldIssues}; {@link campaignFactsSchema} joins both.
 */
const campaignFactsShape = z.strictObject({
  campaign: z
    .strictObject({
      id,
      kind: z.enum(CAMPAIGN_KINDS),
      timezone: z
        .string()
        .max(L.textLength)
        .refine(isTimeZone, "must be an IANA time zone such as Asia/Seoul")
        .describe("The campaign's IANA time zone: calendar days are counted in it."),
      startsAt: factInstant,
      endsAt: factInstant.describe("The end of the ad-campaign duration."),
      impact: z
        .strictObject({ serious: z.boolean(), note: note.optional() })
        .optional()
        .describe("Harm the advertiser reports."),
    })
    .describe("The campaign."),
  influencer: z
    .strictObject({
      id,
      platform: text.optional(),
      handle: text.optional(),
    })
    .describe("The influencer."),
  participation: z
    .strictObject({
      selectedAt: factInstant.describe("When the advertiser selected the influencer's channel."),
      cancelledAt: factInstant.optional(),
      cancelledBy: z.enum(["influencer", "advertiser", "platform", "mutual"]).optional(),
    })
    .describe("The influencer's selection for the campaign, and its cancellation."),
  deliverables: z
    .array(deliverableSchema)
    .min(1, "must list at least one deliverable: with none, nothing could ever be owed or judged")
    .max(L.deliverables),
  contacts: z.array(contactSchema).max(L.contacts).optional(),
  product: z
    .strictObject({
      value: moneySchema,
      shippedAt: factInstant.optional(),
      deliveredAt: factInstant.optional(),
      returnRequestedAt: factInstant.optional(),
      returnedAt: factInstant.optional(),
    })
    .optional()
    .describe("The product sent to the influencer."),
  voucher: z
    .strictObject({
      value: moneySchema,
      issuedAt: factInstant,
      redeemedAt: factInstant.optional(),
      deactivatedAt: factInstant.optional(),
    })
    .optional()
    .describe("The voucher issued to the influencer."),
  payment: z
    .strictObject({
      amount: moneySchema,
      escrow: z
        .strictObject({
          fundedAt: factInstant,
          releasedAt: factInstant.optional(),
          refundedAt: factInstant.optional(),
        })
        .optional(),
      paidOutAt: factInstant.optional(),
    })
    .optional()
    .describe("The fee, its escrow and its payout."),
  exceptions: z.array(exceptionClaimSchema).max(L.claims).optional(),
});

// --- Cross-field checks: a second pass over whatever parsed, so that a type error in one field
// never hides a contradiction in another (zod skips a refinement when its object has an issue).

type Path = ReadonlyArray<string | number>;

function field(value: unknown, key: string): unknown {
  return typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function items(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Epoch milliseconds of a value that is a valid instant, else `undefined` (its own issue). */
function instantMillis(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  // The form every parsed instant has (toISOString's, four year digits): the schema accepts it
  // as it stands, so it needs no second parse. A string canonicalMillis reads is exactly what
  // toISOString writes for its value (test/time.fast.prop.test.ts holds it).
  const millis = canonicalMillis(value);
  if (millis !== undefined) return millis;
  const parsed = instantSchema.safeParse(value);
  return parsed.success ? Date.parse(parsed.data) : undefined;
}

/**
 * The problems across fields of (possibly invalid) facts: duplicate ids, references to
 * deliverables that do not exist, and instants that contradict each other. Fields that are
 * themselves invalid are skipped: their own issue says what is wrong with them.
 *
 * @param input - Facts as given (validated or not).
 * @returns The issues, each with its path and code.
 */
export function factsCrossFieldIssues(input: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const push = (code: ValidationIssueCode, path: Path, message: string) =>
    issues.push({ code, path: path.join("."), message });
  const notBefore = (later: unknown, earlier: unknown, path: Path | (() => Path), what: string) => {
    // Most instants are optional and absent: nothing to compare, no path to build.
    if (later === undefined || earlier === undefined) return;
    const a = instantMillis(later);
    const b = instantMillis(earlier);
    if (a !== undefined && b !== undefined && a < b)
      push(
        "contradiction",
        typeof path === "function" ? path() : path,
        `must not be before ${what}`,
      );
  };
  const uniqueIds = (list: readonly unknown[], path: Path, what: string): Set<string> => {
    const seen = new Set<string>();
    list.forEach((item, index) => {
      const itemId = field(item, "id");
      if (typeof itemId !== "string") return;
      if (seen.has(itemId))
        push("duplicate_id", [...path, index, "id"], `duplicate ${what} id "${itemId}"`);
      seen.add(itemId);
    });
    return seen;
  };

  const campaign = field(input, "campaign");
  notBefore(
    field(campaign, "endsAt"),
    field(campaign, "startsAt"),
    ["campaign", "endsAt"],
    "campaign.startsAt",
  );

  const deliverables = items(field(input, "deliverables"));
  const deliverableIds = uniqueIds(deliverables, ["deliverables"], "deliverable");
  deliverables.forEach((deliverable, index) => {
    const requests = items(field(deliverable, "editRequests"));
    uniqueIds(requests, ["deliverables", index, "editRequests"], "edit request");
    requests.forEach((request, position) => {
      const at = (key: string) => () => ["deliverables", index, "editRequests", position, key];
      const requestedAt = field(request, "requestedAt");
      notBefore(field(request, "respondedAt"), requestedAt, at("respondedAt"), "requestedAt");
      notBefore(field(request, "resolvedAt"), requestedAt, at("resolvedAt"), "requestedAt");
    });
    // A deadline is extended when the extension is granted, to a due time no earlier than that.
    items(field(deliverable, "extensions")).forEach((extension, position) => {
      notBefore(
        field(extension, "newDueAt"),
        field(extension, "grantedAt"),
        () => ["deliverables", index, "extensions", position, "newDueAt"],
        "grantedAt",
      );
    });
    // A post is observed once it is published: an earlier observation is of something else.
    const post = field(deliverable, "post");
    const publishedAt = field(post, "publishedAt");
    if (publishedAt !== undefined)
      items(field(post, "observations")).forEach((observation, position) => {
        notBefore(
          field(observation, "at"),
          publishedAt,
          () => ["deliverables", index, "post", "observations", position, "at"],
          "the post's publishedAt",
        );
      });
  });

  const contacts = items(field(input, "contacts"));
  uniqueIds(contacts, ["contacts"], "contact");
  contacts.forEach((contact, index) => {
    notBefore(
      field(contact, "respondedAt"),
      field(contact, "at"),
      () => ["contacts", index, "respondedAt"],
      "the contact (at)",
    );
  });

  const claims = items(field(input, "exceptions"));
  uniqueIds(claims, ["exceptions"], "exception claim");
  claims.forEach((claim, index) => {
    items(field(claim, "appliesTo")).forEach((target, position) => {
      if (typeof target === "string" && !deliverableIds.has(target))
        push(
          "unknown_reference",
          ["exceptions", index, "appliesTo", position],
          `no deliverable has id "${target}"`,
        );
    });
    notBefore(
      field(claim, "until"),
      field(claim, "from"),
      () => ["exceptions", index, "until"],
      "from",
    );
  });

  const product = field(input, "product");
  const voucher = field(input, "voucher");
  const escrow = field(field(input, "payment"), "escrow");
  notBefore(
    field(product, "deliveredAt"),
    field(product, "shippedAt"),
    ["product", "deliveredAt"],
    "shippedAt",
  );
  notBefore(
    field(product, "returnedAt"),
    field(product, "deliveredAt"),
    ["product", "returnedAt"],
    "deliveredAt",
  );
  notBefore(
    field(product, "returnedAt"),
    field(product, "returnRequestedAt"),
    ["product", "returnedAt"],
    "returnRequestedAt",
  );
  notBefore(
    field(voucher, "redeemedAt"),
    field(voucher, "issuedAt"),
    ["voucher", "redeemedAt"],
    "issuedAt",
  );
  notBefore(
    field(voucher, "deactivatedAt"),
    field(voucher, "issuedAt"),
    ["voucher", "deactivatedAt"],
    "issuedAt",
  );
  notBefore(
    field(escrow, "releasedAt"),
    field(escrow, "fundedAt"),
    ["payment", "escrow", "releasedAt"],
    "fundedAt",
  );
  notBefore(
    field(escrow, "refundedAt"),
    field(escrow, "fundedAt"),
    ["payment", "escrow", "refundedAt"],
    "fundedAt",
  );
  if (field(escrow, "releasedAt") !== undefined && field(escrow, "refundedAt") !== undefined)
    push(
      "contradiction",
      ["payment", "escrow", "refundedAt"],
      "an escrow cannot be both released and refunded",
    );

  const participation = field(input, "participation");
  notBefore(
    field(participation, "cancelledAt"),
    field(participation, "selectedAt"),
    ["participation", "cancelledAt"],
    "selectedAt",
  );
  if (
    field(participation, "cancelledBy") !== undefined &&
    field(participation, "cancelledAt") === undefined
  )
    push("required", ["participation", "cancelledAt"], "is required when cancelledBy is set");
  return issues;
}

/**
 * {@link factsCrossFieldIssues} of facts the shape schema accepted, read field by field: the
 * same checks in the same order, so the same issues (`test/facts.cross.prop.test.ts` holds the
 * two equal). Parsed facts hold only their own known keys, every instant canonical, so a plain
 * property read is what `field` reads there, without its megamorphic keyed lookups.
 *
 * @param facts - Facts as the shape schema output them.
 * @returns The issues, each with its path and code.
 */
export function parsedCrossFieldIssues(
  facts: z.output<typeof campaignFactsShape>,
): ValidationIssue[] {
  let issues: ValidationIssue[] | undefined;
  const push = (code: ValidationIssueCode, path: Path, message: string) => {
    issues ??= [];
    issues.push({ code, path: path.join("."), message });
  };
  // Canonical instants (the shape's transform wrote them): compared by their milliseconds.
  const before = (later: string | undefined, earlier: string | undefined): boolean => {
    if (later === undefined || earlier === undefined) return false;
    const a = canonicalMillis(later);
    const b = canonicalMillis(earlier);
    return a !== undefined && b !== undefined && a < b;
  };
  const uniqueIds = (list: ReadonlyArray<{ id: string }>, path: Path, what: string) => {
    if (list.length < 2) return;
    const seen = new Set<string>();
    for (let index = 0; index < list.length; index++) {
      const itemId = (list[index] as { id: string }).id;
      if (seen.has(itemId))
        push("duplicate_id", [...path, index, "id"], `duplicate ${what} id "${itemId}"`);
      seen.add(itemId);
    }
  };

  const campaign = facts.campaign;
  if (before(campaign.endsAt, campaign.startsAt))
    push("contradiction", ["campaign", "endsAt"], "must not be before campaign.startsAt");

  const deliverables = facts.deliverables;
  uniqueIds(deliverables, ["deliverables"], "deliverable");
  for (let index = 0; index < deliverables.length; index++) {
    const deliverable = deliverables[index] as (typeof deliverables)[number];
    const requests = deliverable.editRequests;
    if (requests !== undefined) {
      uniqueIds(requests, ["deliverables", index, "editRequests"], "edit request");
      for (let position = 0; position < requests.length; position++) {
        const request = requests[position] as (typeof requests)[number];
        if (before(request.respondedAt, request.requestedAt))
          push(
            "contradiction",
            ["deliverables", index, "editRequests", position, "respondedAt"],
            "must not be before requestedAt",
          );
        if (before(request.resolvedAt, request.requestedAt))
          push(
            "contradiction",
            ["deliverables", index, "editRequests", position, "resolvedAt"],
            "must not be before requestedAt",
          );
      }
    }
    const extensions = deliverable.extensions;
    if (extensions !== undefined)
      for (let position = 0; position < extensions.length; position++) {
        const extension = extensions[position] as (typeof extensions)[number];
        if (before(extension.newDueAt, extension.grantedAt))
          push(
            "contradiction",
            ["deliverables", index, "extensions", position, "newDueAt"],
            "must not be before grantedAt",
          );
      }
    const post = deliverable.post;
    const observations = post?.observations;
    if (post !== undefined && observations !== undefined)
      for (let position = 0; position < observations.length; position++) {
        if (before((observations[position] as Observation).at, post.publishedAt))
          push(
            "contradiction",
            ["deliverables", index, "post", "observations", position, "at"],
            "must not be before the post's publishedAt",
          );
      }
  }

  const contacts = facts.contacts;
  if (contacts !== undefined) {
    uniqueIds(contacts, ["contacts"], "contact");
    for (let index = 0; index < contacts.length; index++) {
      const contact = contacts[index] as (typeof contacts)[number];
      if (before(contact.respondedAt, contact.at))
        push(
          "contradiction",
          ["contacts", index, "respondedAt"],
          "must not be before the contact (at)",
        );
    }
  }

  const claims = facts.exceptions;
  if (claims !== undefined) {
    uniqueIds(claims, ["exceptions"], "exception claim");
    let deliverableIds: Set<string> | undefined;
    for (let index = 0; index < claims.length; index++) {
      const claim = claims[index] as (typeof claims)[number];
      const appliesTo = claim.appliesTo;
      if (appliesTo !== undefined)
        for (let position = 0; position < appliesTo.length; position++) {
          const target = appliesTo[position] as string;
          deliverableIds ??= new Set(deliverables.map((item) => item.id));
          if (!deliverableIds.has(target))
            push(
              "unknown_reference",
              ["exceptions", index, "appliesTo", position],
              `no deliverable has id "${target}"`,
            );
        }
      if (before(claim.until, claim.from))
        push("contradiction", ["exceptions", index, "until"], "must not be before from");
    }
  }

  const product = facts.product;
  const voucher = facts.voucher;
  const escrow = facts.payment?.escrow;
  if (product !== undefined) {
    if (before(product.deliveredAt, product.shippedAt))
      push("contradiction", ["product", "deliveredAt"], "must not be before shippedAt");
    if (before(product.returnedAt, product.deliveredAt))
      push("contradiction", ["product", "returnedAt"], "must not be before deliveredAt");
    if (before(product.returnedAt, product.returnRequestedAt))
      push("contradiction", ["product", "returnedAt"], "must not be before returnRequestedAt");
  }
  if (voucher !== undefined) {
    if (before(voucher.redeemedAt, voucher.issuedAt))
      push("contradiction", ["voucher", "redeemedAt"], "must not be before issuedAt");
    if (before(voucher.deactivatedAt, voucher.issuedAt))
      push("contradiction", ["voucher", "deactivatedAt"], "must not be before issuedAt");
  }
  if (escrow !== undefined) {
    if (before(escrow.releasedAt, escrow.fundedAt))
      push("contradiction", ["payment", "escrow", "releasedAt"], "must not be before fundedAt");
    if (before(escrow.refundedAt, escrow.fundedAt))
      push("contradiction", ["payment", "escrow", "refundedAt"], "must not be before fundedAt");
    if (escrow.releasedAt !== undefined && escrow.refundedAt !== undefined)
      push(
        "contradiction",
        ["payment", "escrow", "refundedAt"],
        "an escrow cannot be both released and refunded",
      );
  }

  const participation = facts.participation;
  if (before(participation.cancelledAt, participation.selectedAt))
    push("contradiction", ["participation", "cancelledAt"], "must not be before selectedAt");
  if (participation.cancelledBy !== undefined && participation.cancelledAt === undefined)
    push("required", ["participation", "cancelledAt"], "is required when cancelledBy is set");
  return issues ?? [];
}

/** The facts of one influencer's participation in one campaign (fields and cross-field checks). */
export const campaignFactsSchema = campaignFactsShape.superRefine((facts, context) => {
  for (const issue of factsCrossFieldIssues(facts)) {
    context.addIssue({
      code: "custom",
      path: issue.path.split("."),
      message: issue.message,
      params: { code: issue.code },
    });
  }
});

let compiledShape: typeof campaignFactsShape | undefined;

/**
 * {@link campaignFactsShape} compiled by `z.compile` on first use: the same schema, with a
 * generated fast path for valid input (about 3× faster here) that falls back to zod's runtime
 * parser whenever the input fails, so every issue is still zod's own. Where code generation is
 * unavailable, `z.compile` returns the schema itself.
 */
function compiledFactsShape(): typeof campaignFactsShape {
  compiledShape ??= z.compile(campaignFactsShape);
  return compiledShape;
}

/**
 * Validates facts, listing type errors and cross-field errors together.
 *
 * @param input - Untrusted facts.
 * @returns The facts, or every issue found.
 */
export function checkFacts(
  input: unknown,
):
  | { success: true; data: z.output<typeof campaignFactsShape> }
  | { success: false; issues: ValidationIssue[] } {
  const shapeIssues = preflight(input);
  if (shapeIssues.length > 0) return { success: false, issues: shapeIssues };
  const result = compiledFactsShape().safeParse(input);
  // Parsed facts hold the same ids, references and instants as the input, normalised to UTC:
  // the cross-field checks find the same issues there, without parsing each instant again.
  const cross = result.success ? parsedCrossFieldIssues(result.data) : factsCrossFieldIssues(input);
  if (result.success && cross.length === 0) return { success: true, data: result.data };
  const issues = result.success ? [] : toValidationIssues(campaignFactsShape, result.error, input);
  // A cross-field issue at a path that already has a field issue adds nothing.
  const seen = new Set(issues.map((issue) => issue.path));
  return { success: false, issues: [...issues, ...cross.filter((issue) => !seen.has(issue.path))] };
}

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
