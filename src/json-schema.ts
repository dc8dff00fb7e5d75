/**
 * JSON Schemas (draft 2020-12) of the library's inputs, generated from the zod schemas with
 * `z.toJSONSchema`, for storage, APIs, editors and services in other languages. They describe the
 * input each parser accepts; every check that JSON Schema cannot state is named, check by check,
 * in the top-level `description` of its schema (and in {@link JSON_SCHEMA_GAPS}), and is still
 * enforced by `parseFacts`, `parsePolicy`, `policyVersions`, `parseVerdict` and the standing
 * reducers.
 */
import { z } from "zod";
import {
  campaignFactsSchema,
  durationSchema,
  FACTS_YEARS,
  instantSchema,
  MAX_DURATION_YEARS,
  moneySchema,
  positiveDurationSchema,
} from "./facts/schema.js";
import { standingSchema } from "./facts/standing.js";
import {
  POLICY_LIMITS,
  policySchema,
  sanctionEventParamsSchema,
  violationEventParamsSchema,
} from "./policy/schema.js";
import { MAX_POLICY_VERSIONS, VERSION_PICKS } from "./policy/versions.js";
import { DEFAULT_LIMITS } from "./validation.js";
import { verdictSchema } from "./verdict/schema.js";

/** A JSON Schema document (draft 2020-12). */
export type JsonSchema = z.core.JSONSchema.JSONSchema;

/** The documents {@link jsonSchemas} returns. */
export type JsonSchemaName = "facts" | "policy" | "policyVersions" | "standing" | "verdict";

/**
 * The schema line of the `$id`s: the release line (major.minor) whose accepted input the schemas
 * describe. It changes whenever an accepted shape does (in 0.x, any minor release may change one).
 */
export const JSON_SCHEMA_VERSION = "0.2";

/**
 * The `$id` of each schema: `https://noshow-policy.dev/schemas/<line>/<file>`, with `<line>` the
 * {@link JSON_SCHEMA_VERSION} and `<file>` the name `noshow-policy schema --out` writes it under:
 * `facts.schema.json`, `policy.schema.json`, `policy-versions.schema.json`, `standing.schema.json`,
 * `verdict.schema.json`. The ids name the schemas (for `$ref` and validator caches); they are
 * identifiers, not promised to be served over HTTP.
 *
 * @example
 * JSON_SCHEMA_IDS.policyVersions; // "https://noshow-policy.dev/schemas/0.2/policy-versions.schema.json"
 * const file = JSON_SCHEMA_IDS.policyVersions.split("/").pop(); // "policy-versions.schema.json"
 */
export const JSON_SCHEMA_IDS: Readonly<Record<JsonSchemaName, string>> = {
  facts: `https://noshow-policy.dev/schemas/${JSON_SCHEMA_VERSION}/facts.schema.json`,
  policy: `https://noshow-policy.dev/schemas/${JSON_SCHEMA_VERSION}/policy.schema.json`,
  policyVersions: `https://noshow-policy.dev/schemas/${JSON_SCHEMA_VERSION}/policy-versions.schema.json`,
  standing: `https://noshow-policy.dev/schemas/${JSON_SCHEMA_VERSION}/standing.schema.json`,
  verdict: `https://noshow-policy.dev/schemas/${JSON_SCHEMA_VERSION}/verdict.schema.json`,
};

/** One check the library makes that its JSON Schema cannot state. */
export interface JsonSchemaGap {
  /** A stable name for the check, e.g. `time-zone`. */
  readonly id: string;
  /** What the library checks, in one sentence. */
  readonly check: string;
  /** The issue codes the library reports for it (`ValidationIssue.code`). */
  readonly codes: readonly string[];
}

const facts = (id: string, check: string, ...codes: string[]) => ({ id, check, codes });

const NODES = (limit: number) =>
  facts(
    "node-count",
    `The whole input holds at most ${limit} values (keys, items and leaves).`,
    "too_many",
  );

/** The checks `parsePolicy` makes that the policy schema cannot state. */
const POLICY_GAPS: readonly JsonSchemaGap[] = [
  facts(
    "static-check",
    "The complete static check of the rules: every fact reference and path segment against the fact registry, operators (known, at most 4 decorators) and the kinds of both their sides, literal values against enum facts, parameters defined, used, and valid for the parameter schemas of the fact catalogue (any issue code at parameters.<name>), template placeholders (at most 100 per template), evidence/since/checkAt/amount/until/scoreDelta references of the right kind, referenced finding rules and kinds declared, unique rule names, one shape per rule id.",
    "invalid_policy",
    "unknown_reference",
    "invalid_format",
    "invalid_type",
    "duplicate_id",
    "unknown_key",
    "contradiction",
    "too_many",
    "too_small",
    "too_big",
    "invalid_value",
    "required",
  ),
  facts(
    "condition-caps",
    `A rule's conditions nest at most ${POLICY_LIMITS.conditionDepth} levels deep and number at most ${POLICY_LIMITS.conditionsPerRule}.`,
    "too_deep",
    "too_many",
  ),
  facts(
    "json-depth",
    `Objects and arrays nest at most ${POLICY_LIMITS.jsonDepth} levels anywhere in the policy.`,
    "too_deep",
  ),
  NODES(POLICY_LIMITS.nodes),
];

/**
 * Per schema, the checks its parser makes that JSON Schema cannot state: an input the schema
 * accepts may still be refused for one of these (and for nothing else).
 */
export const JSON_SCHEMA_GAPS: Readonly<Record<JsonSchemaName, readonly JsonSchemaGap[]>> = {
  facts: [
    facts(
      "time-zone",
      "campaign.timezone is a time zone the runtime's Intl knows (IANA names such as Asia/Seoul).",
      "invalid_format",
    ),
    facts(
      "currency",
      "Every currency is an ISO-4217 code the runtime's Intl knows (Intl.supportedValuesOf('currency')); the schema checks three capital letters.",
      "invalid_format",
    ),
    facts(
      "instant-year",
      `An instant lies in the years ${FACTS_YEARS.min}–${FACTS_YEARS.max} once read in UTC; the schema checks the written year and lets only the boundary days with an offset through (0999-12-31 with a negative offset, 9000-01-01 with a positive one).`,
      "too_small",
      "too_big",
    ),
    facts(
      "duration-total",
      `A duration is at most ${MAX_DURATION_YEARS} years in all its units together (a year counts 365.25 days, a month 30.44); the schema caps each unit alone.`,
      "too_big",
    ),
    facts(
      "duplicate-id",
      "Ids are unique: deliverables, contacts and exception claims in the participation, edit requests within a deliverable.",
      "duplicate_id",
    ),
    facts(
      "unknown-deliverable",
      "Every id in exceptions[].appliesTo names a deliverable of the facts.",
      "unknown_reference",
    ),
    facts(
      "instant-order",
      "Instants are in order: campaign.endsAt ≥ startsAt; participation.cancelledAt ≥ selectedAt; editRequests[].respondedAt and resolvedAt ≥ requestedAt; extensions[].newDueAt ≥ grantedAt; post.observations[].at ≥ post.publishedAt; contacts[].respondedAt ≥ at; exceptions[].until ≥ from; product.deliveredAt ≥ shippedAt, returnedAt ≥ deliveredAt and returnedAt ≥ returnRequestedAt; voucher.redeemedAt and deactivatedAt ≥ issuedAt; payment.escrow.releasedAt and refundedAt ≥ fundedAt.",
      "contradiction",
    ),
    facts(
      "escrow-settled-once",
      "An escrow is not both released and refunded (releasedAt and refundedAt together).",
      "contradiction",
    ),
    facts(
      "cancelled-by-needs-at",
      "participation.cancelledBy requires participation.cancelledAt.",
      "required",
    ),
    NODES(DEFAULT_LIMITS.maxNodes),
  ],
  policy: POLICY_GAPS,
  policyVersions: [
    facts(
      "version-order",
      "The versions are listed in the order they come into force: each effectiveFrom is after the previous one's, none at the same instant.",
      "invalid_value",
      "duplicate_id",
    ),
    facts(
      "version-overlap",
      "No version overlaps the next: an effectiveUntil is at or before the next version's effectiveFrom.",
      "contradiction",
    ),
    facts(
      "effective-until",
      "A version's effectiveUntil is after its own effectiveFrom.",
      "contradiction",
    ),
    facts(
      "duplicate-version",
      "No policy id and version is listed twice (reported at versions[i].policy.version).",
      "duplicate_id",
    ),
    facts(
      "instant-year",
      "An instant lies in the years 0000–9999 once read in UTC; the schema checks the written year (an offset on 0000-01-01 or 9999-12-31 can leave that range).",
      "invalid_format",
    ),
    facts(
      "version-policy",
      `Every version's policy passes parsePolicy in full, so each is also refused for what the policy schema cannot state (${POLICY_GAPS.map((gap) => gap.id).join(", ")}: see the description of $defs.policy), reported at versions[i].policy.<path>.`,
      ...new Set(POLICY_GAPS.flatMap((gap) => gap.codes)),
    ),
  ],
  standing: [
    facts(
      "duplicate-campaign",
      "evaluations lists each campaign (campaignId) at most once.",
      "duplicate_id",
    ),
    facts(
      "instant-year",
      "An instant lies in the years 0000–9999 once read in UTC; the schema checks the written year (an offset on 0000-01-01 or 9999-12-31 can leave that range).",
      "too_small",
      "too_big",
    ),
    facts(
      "json-depth",
      `Objects and arrays nest at most ${DEFAULT_LIMITS.maxDepth} levels.`,
      "too_deep",
    ),
    NODES(DEFAULT_LIMITS.maxNodes),
  ],
  verdict: [
    facts(
      "currency",
      "Every currency is an ISO-4217 code the runtime's Intl knows (Intl.supportedValuesOf('currency')); the schema checks three capital letters.",
      "invalid_format",
    ),
    facts(
      "instant-year",
      "An instant lies in the years 0000–9999 once read in UTC; the schema checks the written year (an offset on 0000-01-01 or 9999-12-31 can leave that range).",
      "too_small",
      "too_big",
    ),
    facts(
      "json-depth",
      `Objects and arrays nest at most ${DEFAULT_LIMITS.maxDepth} levels (evidence and traced values are free JSON).`,
      "too_deep",
    ),
    NODES(DEFAULT_LIMITS.maxNodes),
  ],
};

const TITLES: Readonly<Record<JsonSchemaName, { title: string; about: string }>> = {
  facts: {
    title: "noshow-policy campaign facts",
    about:
      "The facts of one influencer's participation in one campaign, as parseFacts and evaluate accept them. Instants are ISO-8601 strings with an offset (Z or ±hh:mm), durations date-fns Duration objects, money integer minor units with an ISO-4217 code.",
  },
  policy: {
    title: "noshow-policy policy",
    about:
      "A policy as parsePolicy accepts it: an id, a version, parameters and rules in json-rules-engine's rule format, whose event.params say what a match means in each phase.",
  },
  policyVersions: {
    title: "noshow-policy policy versions",
    about:
      'Effective-dated versions of a policy (a policy set) in the JSON form that evaluate, compilePolicy and the CLI\'s --policy and validate accept, and that JSON.stringify(policyVersions([...])) writes: { "kind": "policy_versions", "by"?, "versions": [{ effectiveFrom, effectiveUntil?, policy }, ...] }. Each evaluation is judged by the version in force at the instant that "by" names. Each policy is a policy as parsePolicy accepts it: the policy schema, bundled as $defs.policy (its own description lists what it cannot state).',
  },
  standing: {
    title: "noshow-policy standing",
    about:
      "An influencer's standing across campaigns (status, quality score, strikes, no-shows and the verdict last applied per campaign), as applyVerdict and reinstate accept it.",
  },
  verdict: {
    title: "noshow-policy verdict",
    about:
      "A verdict as parseVerdict and applyVerdict accept it back from storage. evaluate writes every instant in UTC as YYYY-MM-DDTHH:mm:ss.sssZ; any offset is accepted on input.",
  },
};

/** The currency form every ISO-4217 code has (the list itself is the runtime's). */
const CURRENCY_PATTERN = "^[A-Z]{3}$";

/** Keys refused at every depth of every input (they could reach an object's prototype). */
const RESERVED_KEYS = ["__proto__", "constructor", "prototype"] as const;

/**
 * The written years an instant of the facts may have: 1000–8999, and the boundary days whose
 * offset can bring them into that range in UTC (the offset is the only `+`/`-` after the `T`).
 */
const FACTS_YEAR_PATTERN = "^(?:[1-8][0-9]{3}-|0999-12-31T[^+]*-|9000-01-01T[^-]*\\+)";

/**
 * The largest amount of `unit` alone that `schema` accepts, found by asking the schema itself
 * (so the per-unit caps can never refuse a duration the library accepts).
 */
function unitMaximum(schema: z.ZodType, unit: string): number {
  let low = 0;
  let high = Number.MAX_SAFE_INTEGER;
  while (low < high) {
    const middle = low + Math.ceil((high - low) / 2);
    if (schema.safeParse({ [unit]: middle }).success) low = middle;
    else high = middle - 1;
  }
  return low;
}

const DURATION_UNITS = ["years", "months", "weeks", "days", "hours", "minutes", "seconds"] as const;

/** Writes the duration rules JSON Schema can state onto an emitted duration object. */
function durationOverride(json: JsonSchema, positive: boolean): void {
  const properties = json.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return;
  for (const unit of DURATION_UNITS) {
    const property = properties[unit];
    // The units share one emitted object: give each its own.
    if (property) properties[unit] = { ...property, maximum: unitMaximum(durationSchema, unit) };
  }
  // `{}` is not a duration; a positive one has a unit above zero.
  json.minProperties = 1;
  if (positive)
    json.anyOf = DURATION_UNITS.map((unit) => ({
      required: [unit],
      properties: { [unit]: { minimum: 1 } },
    }));
}

/** A free JSON value within the parser's structural caps (strings, arrays and keys). */
function boundedJson(maxString: number, maxItems: number): JsonSchema {
  return {
    description: `Any JSON value: strings of at most ${maxString} characters, arrays of at most ${maxItems} items, no key named ${RESERVED_KEYS.join(", ")}.`,
    anyOf: [
      { type: "string", maxLength: maxString },
      { type: "number" },
      { type: "boolean" },
      { type: "null" },
      { type: "array", maxItems, items: { $ref: "#/$defs/json" } },
      {
        type: "object",
        propertyNames: { not: { enum: [...RESERVED_KEYS] } },
        additionalProperties: { $ref: "#/$defs/json" },
      },
    ],
  };
}

type OverrideContext = { zodSchema: unknown; jsonSchema: JsonSchema; path: (string | number)[] };

/** The zod schema behind a property of a strict object (through its wrappers' definitions). */
function shapeOf(schema: unknown): Record<string, z.ZodType> {
  return (schema as { _zod: { def: { shape: Record<string, z.ZodType> } } })._zod.def.shape;
}

function defOf(schema: unknown): { valueType?: unknown; type?: string } {
  return (schema as { _zod: { def: { valueType?: unknown; type?: string } } })._zod.def;
}

/** Overrides shared by every document: instants, money and durations. */
function commonOverride(context: OverrideContext, factsYears: boolean): void {
  const { zodSchema, jsonSchema } = context;
  if (jsonSchema.format === "date-time" && typeof jsonSchema.pattern === "string") {
    // zod's own ISO-8601 pattern is the parser's first check; the year range is the second.
    if (factsYears) jsonSchema.allOf = [{ pattern: FACTS_YEAR_PATTERN }];
    return;
  }
  if (zodSchema === shapeOf(moneySchema).currency) jsonSchema.pattern = CURRENCY_PATTERN;
  // The units of a duration share one emitted object, still being flattened here: mark the
  // duration, and finish it once the document is complete (see finishDurations).
  else if (zodSchema === durationSchema) jsonSchema[DURATION_MARK] = false;
  else if (zodSchema === positiveDurationSchema) jsonSchema[DURATION_MARK] = true;
}

const DURATION_MARK = "x-noshow-duration";

/** Applies {@link durationOverride} to every marked duration of a finished document. */
function finishDurations(node: unknown): void {
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) finishDurations(item);
    return;
  }
  const json = node as JsonSchema;
  const mark = json[DURATION_MARK];
  if (typeof mark === "boolean") {
    delete json[DURATION_MARK];
    durationOverride(json, mark);
  }
  for (const value of Object.values(json)) finishDurations(value);
}

function describedGaps(name: JsonSchemaName): string {
  const gaps = JSON_SCHEMA_GAPS[name]
    .map((gap) => `(${gap.id}) ${gap.check} [${gap.codes.join(", ")}]`)
    .join(" ");
  return `${TITLES[name].about} Checked by the library but not by this schema: ${gaps}`;
}

function finish(name: JsonSchemaName, schema: JsonSchema, defs: Record<string, JsonSchema>) {
  finishDurations(schema);
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: JSON_SCHEMA_IDS[name],
    title: TITLES[name].title,
    ...rest,
    description: describedGaps(name),
    ...(Object.keys(defs).length > 0 || rest.$defs
      ? { $defs: { ...(rest.$defs as Record<string, JsonSchema> | undefined), ...defs } }
      : {}),
  } as JsonSchema;
}

const BASE = { target: "draft-2020-12", io: "input", unrepresentable: "any" } as const;

function factsJsonSchema(): JsonSchema {
  const emitted = z.toJSONSchema(campaignFactsSchema, {
    ...BASE,
    override: (context) => commonOverride(context as OverrideContext, true),
  });
  return finish("facts", emitted, {});
}

function policyJsonSchema(): JsonSchema {
  const shape = shapeOf(policySchema);
  const parameters = shape.parameters;
  const jsonValue = defOf(parameters).valueType;
  const evidence = shapeOf(violationEventParamsSchema).evidence;
  // The `all`/`any` lists of a rule's top-level condition forms (nested ones are the same schemas).
  const rule = (defOf(shape.rules) as { element?: unknown }).element;
  const forms = (defOf(shapeOf(rule).conditions) as { options?: unknown[] }).options ?? [];
  const lists = new Set(forms.flatMap((form) => [shapeOf(form).all, shapeOf(form).any]));
  const emitted = z.toJSONSchema(policySchema, {
    ...BASE,
    override: (raw) => {
      const context = raw as OverrideContext;
      const { zodSchema, jsonSchema } = context;
      commonOverride(context, false);
      if (zodSchema === jsonValue) {
        // z.json() with the policy's caps: strings, arrays and reserved keys anywhere.
        for (const key of Object.keys(jsonSchema)) delete jsonSchema[key as keyof JsonSchema];
        jsonSchema.$ref = "#/$defs/json";
      } else if (zodSchema === parameters) {
        jsonSchema.maxProperties = POLICY_LIMITS.parameters;
      } else if (zodSchema === sanctionEventParamsSchema) {
        jsonSchema.anyOf = [{ required: ["sanction"] }, { required: ["action"] }];
      } else if (zodSchema === evidence) {
        jsonSchema.maxProperties = POLICY_LIMITS.evidence;
      } else if (lists.has(zodSchema as z.ZodType)) {
        // A rule has at most conditionsPerRule conditions, its top-level form among them.
        jsonSchema.maxItems = POLICY_LIMITS.conditionsPerRule - 1;
      }
      noReservedKeys(jsonSchema);
    },
  });
  return finish("policy", emitted, {
    json: boundedJson(POLICY_LIMITS.textLength, POLICY_LIMITS.arrayItems),
  });
}

/** A map of free keys (`z.record`) refuses the reserved keys, as every parser does. */
function noReservedKeys(json: JsonSchema): void {
  if (json.type !== "object" || typeof json.propertyNames !== "object") return;
  json.propertyNames = { ...json.propertyNames, not: { enum: [...RESERVED_KEYS] } };
}

function standingJsonSchema(): JsonSchema {
  const restrictedBy = shapeOf(standingSchema).restrictedBy;
  const emitted = z.toJSONSchema(standingSchema, {
    ...BASE,
    override: (raw) => {
      const context = raw as OverrideContext;
      commonOverride(context, false);
      if (context.zodSchema === restrictedBy) context.jsonSchema.uniqueItems = true;
    },
  });
  return finish("standing", emitted, {});
}

function verdictJsonSchema(): JsonSchema {
  const emitted = z.toJSONSchema(verdictSchema, {
    ...BASE,
    override: (raw) => {
      const context = raw as OverrideContext;
      const { jsonSchema } = context;
      commonOverride(context, false);
      // Evidence and traced values are free JSON, within the parser's structural caps.
      if (defOf(context.zodSchema).type === "unknown") {
        for (const key of Object.keys(jsonSchema)) delete jsonSchema[key as keyof JsonSchema];
        jsonSchema.$ref = "#/$defs/json";
      }
      noReservedKeys(jsonSchema);
    },
  });
  return finish("verdict", emitted, {
    json: boundedJson(DEFAULT_LIMITS.maxStringLength, DEFAULT_LIMITS.maxArrayLength),
  });
}

/**
 * The JSON form of a policy set, as `asPolicySet` reads it into `policyVersions`: the shape that
 * parser checks, stated again as zod for `z.toJSONSchema` (the parser itself is hand-written; the
 * tests hold the two to the same answers). Each version's `policy` is a placeholder, emitted as a
 * `$ref` to the policy schema.
 */
const versionPolicy = z
  .looseObject({})
  .describe("The policy of this version: a policy as parsePolicy accepts it ($defs.policy).");
const policyVersionsShape = z.strictObject({
  kind: z.literal("policy_versions").describe('Always "policy_versions": marks a policy set.'),
  by: z
    .enum(VERSION_PICKS)
    .optional()
    .describe(
      'The instant that picks the version in force: "selectedAt" (participation.selectedAt, the terms the influencer accepted), "campaignStartsAt" (campaign.startsAt) or "asOf" (the evaluation instant). Absent: "selectedAt".',
    ),
  versions: z
    .array(
      z
        .strictObject({
          effectiveFrom: instantSchema.describe(
            "From when this version is in force (inclusive): an ISO-8601 instant with an offset (Z or ±hh:mm).",
          ),
          effectiveUntil: instantSchema
            .optional()
            .describe(
              "Until when this version is in force (exclusive): an ISO-8601 instant with an offset; absent: until the next version's effectiveFrom (the last version: without end).",
            ),
          policy: versionPolicy,
        })
        .describe(
          "One version: the policy and from when (and optionally until when) it is in force.",
        ),
    )
    .min(1)
    .max(MAX_POLICY_VERSIONS)
    .describe(
      `The versions, at least one and at most ${MAX_POLICY_VERSIONS}, in the order they come into force, none overlapping the next.`,
    ),
});

/**
 * The policy-set schema, with the policy schema bundled in: its body as `$defs.policy` and its
 * definitions beside it (without its `$id`, so that both documents can be loaded into one
 * validator, in any order).
 */
function policyVersionsJsonSchema(policy: JsonSchema): JsonSchema {
  const emitted = z.toJSONSchema(policyVersionsShape, {
    ...BASE,
    override: (raw) => {
      const context = raw as OverrideContext;
      const { zodSchema, jsonSchema } = context;
      commonOverride(context, false);
      if (zodSchema === versionPolicy) {
        for (const key of Object.keys(jsonSchema))
          if (key !== "description") delete jsonSchema[key as keyof JsonSchema];
        jsonSchema.$ref = "#/$defs/policy";
      }
    },
  });
  const { $schema: _schema, $id: _id, $defs: policyDefs, ...body } = policy;
  const defs = { ...(policyDefs as Record<string, JsonSchema> | undefined), policy: body };
  const clashes = Object.keys((emitted.$defs as object | undefined) ?? {}).filter((name) =>
    Object.hasOwn(defs, name),
  );
  if (clashes.length > 0)
    throw new Error(`policy-versions schema: $defs ${clashes.join(", ")} clash with the policy's`);
  return finish("policyVersions", emitted, defs);
}

/**
 * The JSON Schemas (draft 2020-12) of campaign facts, policies, policy sets (the JSON form of
 * `policyVersions`, `{ kind: "policy_versions", by?, versions }`), standings and verdicts, each
 * as its parser accepts it: `$id` ({@link JSON_SCHEMA_IDS}), `title`, descriptions on objects and
 * fields, and every pattern, enum, length, count and bound the parser checks. The checks JSON
 * Schema cannot state are listed in each schema's top-level `description`
 * ({@link JSON_SCHEMA_GAPS}): a document the schema accepts can still be refused for those. The
 * policy-set schema carries the policy schema in its `$defs` (as `policy`), so it stands alone.
 *
 * @returns One schema per input, generated with `z.toJSONSchema` (new objects on each call).
 * @example
 * const schemas = jsonSchemas();
 * writeFileSync("campaign-facts.schema.json", JSON.stringify(schemas.facts, null, 2));
 * writeFileSync("policy-versions.schema.json", JSON.stringify(schemas.policyVersions, null, 2));
 */
export function jsonSchemas(): Record<JsonSchemaName, JsonSchema> {
  const policy = policyJsonSchema();
  return {
    facts: factsJsonSchema(),
    policy,
    // Its own copy of the policy schema: each document stands alone.
    policyVersions: policyVersionsJsonSchema(policyJsonSchema()),
    standing: standingJsonSchema(),
    verdict: verdictJsonSchema(),
  };
}
