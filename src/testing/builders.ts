/**
 * Typed fact builders: a valid participation in a few lines. Every time is a {@link WallTime}
 * read in the campaign zone when {@link participation} assembles the facts, every field can be
 * overridden, ids are given by position (`d1`, `c1`, `x1`, `r1`), and the result passes
 * `parseFacts`.
 */
import type { CampaignFactsInput, Money } from "../facts/schema.js";
import { type WallTime, wallTime } from "./time.js";

type Facts = CampaignFactsInput;
type DeliverableInput = Facts["deliverables"][number];
type PostInput = NonNullable<DeliverableInput["post"]>;
type TermsInput = NonNullable<DeliverableInput["terms"]>;
type EditRequestInput = NonNullable<DeliverableInput["editRequests"]>[number];
type ExtensionInput = NonNullable<DeliverableInput["extensions"]>[number];
type ContactInput = NonNullable<Facts["contacts"]>[number];
type ClaimInput = NonNullable<Facts["exceptions"]>[number];

/** The kinds of campaign, deliverable, observation state and cause, as the facts name them. */
export type CampaignKind = Facts["campaign"]["kind"];
export type DeliverableKind = DeliverableInput["kind"];
export type ObservationState = NonNullable<PostInput["observations"]>[number]["state"];
export type ObservationCause = NonNullable<NonNullable<PostInput["observations"]>[number]["cause"]>;
export type ExceptionType = ClaimInput["type"];

/** A tracker observation, times as {@link WallTime}s. */
export type ObservationSpec = NonNullable<PostInput["observations"]>[number];
/** A post: `publishedAt` is required, everything else optional. */
export type PostSpec = PostInput;
/** An edit request; `id` defaults to `r1`, `r2`… in its deliverable. */
export type EditRequestSpec = Omit<EditRequestInput, "id" | "reason"> &
  Partial<Pick<EditRequestInput, "id" | "reason">>;
/** A deliverable; `id` defaults to `d1`, `d2`… by position, `kind` to `"post"`. */
export interface DeliverableSpec
  extends Partial<Omit<DeliverableInput, "editRequests" | "post" | "terms">> {
  terms?: TermsInput;
  post?: PostSpec;
  editRequests?: EditRequestSpec[];
  extensions?: ExtensionInput[];
}
/** A contact; `id` defaults to `c1`, `c2`…, `from` to `"platform"`, `channel` to `"call"`. */
export type ContactSpec = Pick<ContactInput, "at"> & Partial<Omit<ContactInput, "at">>;
/** A claimed exception; `id` defaults to `x1`, `x2`…. */
export type ClaimSpec = Pick<ClaimInput, "type" | "reportedAt"> &
  Partial<Omit<ClaimInput, "type" | "reportedAt">>;
/** The product; `value` defaults to {@link DEFAULT_VALUE}. */
export type ProductSpec = Partial<NonNullable<Facts["product"]>>;
/** The voucher; `issuedAt` is required, `value` defaults to {@link DEFAULT_VALUE}. */
export type VoucherSpec = Pick<NonNullable<Facts["voucher"]>, "issuedAt"> &
  Partial<NonNullable<Facts["voucher"]>>;
/** The payment; `amount` defaults to {@link DEFAULT_VALUE}. */
export type PaymentSpec = Partial<NonNullable<Facts["payment"]>>;

/**
 * What {@link participation} builds from: each part optional, with shortcuts for the fields a
 * test most often sets (`zone`, `kind`, `startsAt`, `endsAt`, `selectedAt`). Every time is a
 * {@link WallTime} in the campaign zone.
 */
export interface ParticipationSpec {
  /** The campaign zone (`campaign.timezone`); default `"UTC"`. */
  zone?: string;
  /** The campaign kind; default `"paid"`. */
  kind?: CampaignKind;
  /** Campaign start; default `"2026-03-01 00:00"`. */
  startsAt?: WallTime;
  /** Campaign end (the default deadline); default `"2026-03-31 23:59:59"`. */
  endsAt?: WallTime;
  /** When the influencer was selected; default `"2026-02-25 10:00"`. */
  selectedAt?: WallTime;
  /** Any campaign field (wins over the shortcuts). */
  campaign?: Partial<Facts["campaign"]>;
  influencer?: Partial<Facts["influencer"]>;
  participation?: Partial<Facts["participation"]>;
  /** The deliverables; default one post deliverable `d1` with nothing posted. */
  deliverables?: DeliverableSpec[];
  contacts?: ContactSpec[];
  product?: ProductSpec;
  voucher?: VoucherSpec;
  payment?: PaymentSpec;
  exceptions?: ClaimSpec[];
}

/** The value a product, voucher or payment has when none is given: USD 100.00. */
export const DEFAULT_VALUE: Readonly<Money> = Object.freeze({ amount: 10_000, currency: "USD" });

/** The defaults {@link participation} starts from. */
export const PARTICIPATION_DEFAULTS = Object.freeze({
  zone: "UTC",
  kind: "paid",
  startsAt: "2026-03-01 00:00",
  endsAt: "2026-03-31 23:59:59",
  selectedAt: "2026-02-25 10:00",
  campaignId: "campaign-1",
  influencerId: "influencer-1",
} as const);

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;

/**
 * Money in minor units.
 *
 * @param amount - An integer amount of minor units (cents, won).
 * @param currency - An ISO-4217 code; default `"USD"`.
 * @returns `{ amount, currency }`.
 * @example
 * money(45_000, "KRW")
 */
export function money(amount: number, currency = "USD"): Money {
  return { amount, currency };
}

/**
 * A tracker observation.
 *
 * @param at - When the tracker looked ({@link WallTime}).
 * @param state - What it saw; default `"live"`.
 * @param cause - Why it was no longer live, when known.
 * @returns The observation.
 * @example
 * observation("2026-03-22 12:00", "deleted", "influencer")
 */
export function observation(
  at: WallTime,
  state: ObservationState = "live",
  cause?: ObservationCause,
): ObservationSpec {
  return cause === undefined ? { at, state } : { at, state, cause };
}

/**
 * A published post.
 *
 * @param publishedAt - When it went up ({@link WallTime}).
 * @param overrides - Any other post field (caption, observations…).
 * @returns The post.
 * @example
 * post("2026-03-20 19:30", { observations: [observation("2026-03-21 09:00")] })
 */
export function post(publishedAt: WallTime, overrides: Partial<PostSpec> = {}): PostSpec {
  return { publishedAt, ...overrides };
}

/**
 * A deliverable (kind `"post"` and a positional id unless given).
 *
 * @param overrides - Any deliverable field.
 * @returns The deliverable spec.
 * @example
 * deliverable({ dueAt: "2026-03-15 23:59", post: post("2026-03-14 12:00") })
 */
export function deliverable(overrides: DeliverableSpec = {}): DeliverableSpec {
  return { kind: "post", ...overrides };
}

/**
 * An edit request on a deliverable.
 *
 * @param requestedAt - When the edit was asked for ({@link WallTime}).
 * @param overrides - `reason` (default `"guideline_mismatch"`), `respondedAt`, `resolvedAt`, `id`.
 * @returns The edit request spec.
 * @example
 * editRequest("2026-03-21 10:00", { respondedAt: "2026-03-21 15:00" })
 */
export function editRequest(
  requestedAt: WallTime,
  overrides: Partial<EditRequestSpec> = {},
): EditRequestSpec {
  return { requestedAt, reason: "guideline_mismatch", ...overrides };
}

/**
 * A contact attempt (from the platform, by call, unless given).
 *
 * @param at - When it was made ({@link WallTime}).
 * @param overrides - `respondedAt`, `from`, `channel`, `id`.
 * @returns The contact spec.
 * @example
 * contact("2026-03-05 10:00", { channel: "sms", respondedAt: "2026-03-05 18:00" })
 */
export function contact(at: WallTime, overrides: Partial<ContactSpec> = {}): ContactSpec {
  return { at, from: "platform", channel: "call", ...overrides };
}

/**
 * A claimed exception.
 *
 * @param type - The exception type, e.g. `"illness"`.
 * @param reportedAt - When it was reported ({@link WallTime}).
 * @param overrides - `from`, `until`, `evidence`, `decision`, `appliesTo`, `id`.
 * @returns The claim spec.
 * @example
 * claim("illness", "2026-04-05 09:00", { decision: "accepted" })
 */
export function claim(
  type: ExceptionType,
  reportedAt: WallTime,
  overrides: Partial<ClaimSpec> = {},
): ClaimSpec {
  return { type, reportedAt, ...overrides };
}

/**
 * The sponsored product.
 *
 * @param overrides - `value` (default {@link DEFAULT_VALUE}), `shippedAt`, `deliveredAt`…
 * @returns The product spec.
 * @example
 * product({ value: money(45_000, "KRW"), deliveredAt: "2026-03-03 14:00" })
 */
export function product(overrides: ProductSpec = {}): ProductSpec {
  return { value: DEFAULT_VALUE, ...overrides };
}

/**
 * The voucher.
 *
 * @param issuedAt - When it was issued ({@link WallTime}).
 * @param overrides - `value` (default {@link DEFAULT_VALUE}), `redeemedAt`, `deactivatedAt`.
 * @returns The voucher spec.
 * @example
 * voucher("2026-03-02 09:00", { redeemedAt: "2026-03-04 12:00" })
 */
export function voucher(issuedAt: WallTime, overrides: Partial<VoucherSpec> = {}): VoucherSpec {
  return { issuedAt, value: DEFAULT_VALUE, ...overrides };
}

/**
 * The payment, optionally escrowed.
 *
 * @param overrides - `amount` (default {@link DEFAULT_VALUE}), `escrow`, `paidOutAt`.
 * @returns The payment spec.
 * @example
 * payment({ amount: money(25_000), escrow: { fundedAt: "2026-04-03 09:00" } })
 */
export function payment(overrides: PaymentSpec = {}): PaymentSpec {
  return { amount: DEFAULT_VALUE, ...overrides };
}

// The builders also read untyped input (a test file's `build`, checked only at its top level):
// what is not the object or list they expect passes through unchanged, for parseFacts to report
// at its path, rather than crash on `.map` or spread a string into its characters.
const isRecord = (value: unknown): boolean =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Each item of a list through `build`; anything but a list as it is. */
function each<T, U>(list: readonly T[], build: (item: T, index: number) => U): U[] {
  return Array.isArray(list) ? list.map(build) : (list as unknown as U[]);
}

/** An object with defaults under it; anything but an object as it is. */
function over<T extends object>(defaults: object, value: T): T {
  return isRecord(value) ? ({ ...defaults, ...value } as T) : value;
}

/** Reads the optional time fields of an object in the zone, at `path`. */
function times<T extends object>(
  value: T,
  keys: ReadonlyArray<keyof T & string>,
  zone: string,
  path: string,
): T {
  if (!isRecord(value)) return value;
  const copy = { ...value } as Record<string, unknown>;
  for (const key of keys) {
    const text = copy[key];
    if (typeof text === "string") copy[key] = wallTime(text, zone, `${path}.${key}`);
  }
  return defined(copy) as T;
}

function buildDeliverable(spec: DeliverableSpec, index: number, zone: string): DeliverableInput {
  const path = `deliverables.${index}`;
  if (!isRecord(spec)) return spec as DeliverableInput;
  const { post: postSpec, terms, editRequests, extensions, ...rest } = spec;
  const built: DeliverableInput = times(
    { id: `d${index + 1}`, kind: "post" as DeliverableKind, ...rest } as DeliverableInput,
    ["dueAt"],
    zone,
    path,
  );
  if (terms) built.terms = times(terms, ["publishAt"], zone, `${path}.terms`);
  if (postSpec) {
    const builtPost = times(postSpec, ["publishedAt"], zone, `${path}.post`);
    if (isRecord(postSpec) && postSpec.observations)
      builtPost.observations = each(postSpec.observations, (seen, at) =>
        times(seen, ["at"], zone, `${path}.post.observations.${at}`),
      );
    built.post = builtPost;
  }
  if (editRequests)
    built.editRequests = each(editRequests, (request, at) =>
      times(
        over({ id: `r${at + 1}`, reason: "guideline_mismatch" as const }, request),
        ["requestedAt", "respondedAt", "resolvedAt"],
        zone,
        `${path}.editRequests.${at}`,
      ),
    ) as EditRequestInput[];
  if (extensions)
    built.extensions = each(extensions, (extension, at) =>
      times(extension, ["grantedAt", "newDueAt"], zone, `${path}.extensions.${at}`),
    );
  return built;
}

/**
 * The facts of one participation, from a few lines: defaults for everything not given
 * ({@link PARTICIPATION_DEFAULTS}), every {@link WallTime} read in the campaign zone, ids by
 * position. The result passes `parseFacts` whenever what was given is consistent.
 *
 * @param spec - The parts to set; anything not given takes its default.
 * @returns Campaign facts (instants in UTC), a new object.
 * @throws a `ValidationError` (`INVALID_FACTS`) when a time is neither a wall time nor an
 *   instant with an offset, at its facts path.
 * @example
 * const facts = participation({
 *   zone: "Asia/Seoul",
 *   kind: "product_sponsorship",
 *   deliverables: [deliverable({ post: post("2026-03-20 19:30") })],
 *   product: product({ value: money(45_000, "KRW"), deliveredAt: "2026-03-03 14:00" }),
 * });
 */
export function participation(spec: ParticipationSpec = {}): CampaignFactsInput {
  const D = PARTICIPATION_DEFAULTS;
  const given = (isRecord(spec.campaign) ? spec.campaign?.timezone : undefined) ?? spec.zone;
  // A zone that is not a string is left in the facts for parseFacts to report; times use UTC.
  const zone = typeof given === "string" ? given : D.zone;
  const facts: CampaignFactsInput = {
    campaign: times(
      over(
        {
          id: D.campaignId,
          kind: spec.kind ?? D.kind,
          timezone: given ?? D.zone,
          startsAt: spec.startsAt ?? D.startsAt,
          endsAt: spec.endsAt ?? D.endsAt,
        },
        spec.campaign ?? {},
      ) as Facts["campaign"],
      ["startsAt", "endsAt"],
      zone,
      "campaign",
    ),
    influencer: over({ id: D.influencerId }, spec.influencer ?? {}) as Facts["influencer"],
    participation: times(
      over({ selectedAt: spec.selectedAt ?? D.selectedAt }, spec.participation ?? {}),
      ["selectedAt", "cancelledAt"],
      zone,
      "participation",
    ) as Facts["participation"],
    deliverables: each(spec.deliverables ?? [{}], (item, index) =>
      buildDeliverable(item, index, zone),
    ),
  };
  if (spec.contacts)
    facts.contacts = each(spec.contacts, (item, index) =>
      times(
        over({ id: `c${index + 1}`, from: "platform" as const, channel: "call" as const }, item),
        ["at", "respondedAt"],
        zone,
        `contacts.${index}`,
      ),
    ) as ContactInput[];
  if (spec.product)
    facts.product = times(
      over({ value: DEFAULT_VALUE }, spec.product),
      ["shippedAt", "deliveredAt", "returnRequestedAt", "returnedAt"],
      zone,
      "product",
    ) as Facts["product"];
  if (spec.voucher)
    facts.voucher = times(
      over({ value: DEFAULT_VALUE }, spec.voucher),
      ["issuedAt", "redeemedAt", "deactivatedAt"],
      zone,
      "voucher",
    ) as Facts["voucher"];
  if (spec.payment) {
    const built = times(
      over({ amount: DEFAULT_VALUE }, spec.payment),
      ["paidOutAt"],
      zone,
      "payment",
    );
    if (isRecord(spec.payment) && spec.payment.escrow)
      built.escrow = times(
        spec.payment.escrow,
        ["fundedAt", "releasedAt", "refundedAt"],
        zone,
        "payment.escrow",
      );
    facts.payment = built as Facts["payment"];
  }
  if (spec.exceptions)
    facts.exceptions = each(spec.exceptions, (item, index) => {
      const built = times(
        over({ id: `x${index + 1}` }, item),
        ["reportedAt", "from", "until"],
        zone,
        `exceptions.${index}`,
      );
      if (isRecord(item) && item.evidence)
        built.evidence = each(item.evidence, (evidence, at) =>
          times(evidence, ["issuedAt"], zone, `exceptions.${index}.evidence.${at}`),
        );
      return built;
    }) as ClaimInput[];
  return facts;
}
