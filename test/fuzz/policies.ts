/**
 * The policy fuzz domain: seeds from every preset's JSON and from custom rules built with the
 * builders, policy-aware mutation steps (operators, facts, paths, values, references, priority,
 * nesting, parameters…), and the valid facts an accepted policy is run on.
 */
import fc from "fast-check";
import { factShapesFor } from "../../src/derive/registry.js";
import { fieldsOf, type Shape } from "../../src/derive/shape.js";
import {
  all,
  any,
  exceptionRule,
  findingRule,
  mediance,
  not,
  type Policy,
  type PolicyRule,
  ref,
  sanctionRule,
  when,
} from "../../src/index.js";
import { KNOWN_OPERATORS, OPERATOR_DECORATORS } from "../../src/policy/operators.js";
import {
  ACTION_TYPES,
  COMMON_FACTS,
  FINDING_KINDS,
  SANCTION_TYPES,
  SCOPED_FACTS,
} from "../../src/policy-entry.js";
import { templateRefs } from "../../src/render/template.js";
import { PRESETS } from "./facts.js";
import {
  applyStep,
  defineOwn,
  graftPool,
  type MutationDomain,
  NASTY,
  type NodeRef,
  type Step,
  set,
  stepsArbitrary,
  type Tree,
  tree,
} from "./mutate.js";

/** A custom finding rule: late or missing posts, with a grace period from a parameter. */
const latePost = findingRule("custom.late-post", {
  kind: "breach",
  role: "other",
  scope: "deliverable",
  evidence: { dueAt: "deliverable.dueAt", publishedAt: "deliverable.publishedAt" },
  branches: [
    {
      branch: "late",
      outcome: "violation",
      when: all(
        when("deliverable.posted", "equal", true),
        when("deliverable.onTime", "equal", false),
      ),
      explanation: "Posted {deliverable.lateBy} late (due {deliverable.dueAt}).",
      since: "deliverable.dueAt",
    },
    {
      branch: "grace",
      outcome: "pending",
      when: all(
        when("deliverable.posted", "equal", false),
        when("deliverable.sinceDue", "elapsedAtMost", ref("params.grace")),
      ),
      explanation: "Not posted yet; {params.grace} of grace after {deliverable.dueAt}.",
      checkAt: "deliverable.dueAt",
    },
    {
      branch: "missing",
      outcome: "violation",
      when: all(
        when("deliverable.posted", "equal", false),
        when("deliverable.sinceDue", "elapsedAtLeast", ref("params.grace")),
        not(when("deliverable.kind", "in", ["story"])),
      ),
      explanation: "No post {deliverable.overdueBy} after {deliverable.dueAt}.",
      since: "deliverable.dueAt",
    },
    {
      outcome: "compliant",
      when: any(
        when("deliverable.onTime", "equal", true),
        when("deliverable.kind", "in", ["story"]),
      ),
      explanation: "Posted on time at {deliverable.publishedAt}.",
    },
  ],
});

/** A custom campaign rule on contacts, with decorated operators. */
const unanswered = findingRule("custom.unanswered", {
  kind: "no_show",
  role: "other",
  scope: "campaign",
  branches: [
    {
      outcome: "violation",
      when: all(
        when("contacts.any.breachCount", "greaterThanInclusive", 1),
        when("campaign.kind", "someValue:equal", ["paid", "product_sponsorship"]),
      ),
      explanation:
        "{contacts.any.breachCount} contacts went unanswered in time ({contacts.any.breachIds}).",
      since: "contacts.any.firstBreachAt",
    },
    {
      outcome: "compliant",
      when: any(
        when("contacts.any", "isPresent", false),
        when("contacts.any.breachCount", "lessThan", 1),
      ),
      explanation: "Every contact was answered.",
    },
  ],
});

const customRules: PolicyRule[] = [
  ...latePost,
  ...unanswered,
  exceptionRule("custom.exception/accept", {
    when: all(
      when("claim.type", "in", ref("params.excusable")),
      when("claim.decided", "equal", false),
    ),
    status: "accepted",
    reason: "Claim {claim.id} ({claim.type}) is excusable, reported {claim.timingText}.",
  }),
  exceptionRule("custom.exception/reject", {
    when: all(when("claim.type", "notIn", ref("params.excusable"))),
    status: "rejected",
    reason: "Claim {claim.id} is not excusable.",
  }),
  sanctionRule("custom.sanction/warn", {
    scope: "campaign",
    when: all(when("findings.anyViolation", "equal", true)),
    sanction: { type: "warning", because: { kinds: ["breach", "no_show"] }, note: "Warned." },
  }),
  sanctionRule("custom.sanction/invoice", {
    scope: "campaign",
    when: all(
      when("findings.violatedRules", "contains", "custom.late-post"),
      when("product", "isPresent", true),
    ),
    sanction: {
      type: "invoice",
      because: { rules: ["custom.late-post"] },
      amount: "product.value",
      scoreDelta: "params.penalty",
      note: "Invoice for {product.value} (penalty {params.penalty}).",
    },
  }),
  sanctionRule("custom.sanction/remind", {
    scope: "deliverable",
    when: all(when("deliverable.posted", "equal", false)),
    action: { type: "send_reminder", at: "deliverable.dueAt", note: "Remind {influencer.handle}." },
  }),
];

const customParameters = {
  grace: { days: 3 },
  excusable: ["illness", "platform_outage"],
  penalty: -10,
  reminderLead: { days: 2 },
  responseWindow: { hours: 48 },
};

const medianceJson = JSON.parse(JSON.stringify(mediance())) as Policy;

/** The seeds: every preset's JSON, a custom policy, and a preset extended with custom rules. */
export const POLICY_SEEDS: ReadonlyArray<{ name: string; policy: unknown }> = [
  ...PRESETS.map(([name, policy]) => ({ name, policy: JSON.parse(JSON.stringify(policy)) })),
  {
    name: "custom",
    policy: { id: "custom", version: "1", parameters: customParameters, rules: customRules },
  },
  {
    name: "mediance + custom",
    policy: {
      ...medianceJson,
      id: "mediance-plus",
      parameters: { ...medianceJson.parameters, ...customParameters },
      rules: [...medianceJson.rules, ...JSON.parse(JSON.stringify(customRules))],
    },
  },
];

interface Refs {
  paths: Set<unknown>;
  refs: Set<string>;
  values: unknown[];
  parameterNames: Set<string>;
}

/** Paths, references and literal values the seeds use: the material of plausible mutations. */
function collect(): Refs {
  const found: Refs = { paths: new Set(), refs: new Set(), values: [], parameterNames: new Set() };
  const visit = (value: unknown, key: string | undefined) => {
    if (typeof value === "string") {
      if (key === "path") found.paths.add(value);
      if (["since", "checkAt", "amount", "until", "at", "fact", "scoreDelta"].includes(key ?? ""))
        found.refs.add(value);
      if (["explanation", "reason", "note"].includes(key ?? ""))
        for (const item of templateRefs(value)) found.refs.add(item);
    }
    if (key === "value" && found.values.length < 400) found.values.push(value);
    if (typeof value !== "object" || value === null) return;
    for (const [childKey, child] of Object.entries(value))
      visit(child, Array.isArray(value) ? key : childKey);
  };
  for (const { policy } of POLICY_SEEDS) {
    visit(policy, undefined);
    for (const name of Object.keys((policy as Policy).parameters)) found.parameterNames.add(name);
  }
  return found;
}

const SEEN = collect();
const PARAMETER_NAMES = [
  ...SEEN.parameterNames,
  "minLiveDuration",
  "strikeExpiry",
  "notAParameter",
];

const FACT_NAMES = [
  ...Object.keys(COMMON_FACTS),
  ...Object.keys(SCOPED_FACTS),
  "",
  "deliverabel",
  "nope",
  "__proto__",
];

const PATHS: unknown[] = [
  ...SEEN.paths,
  "$",
  "$.x.y",
  "$..a",
  "$[0]",
  "$.__proto__",
  "$.constructor",
  "",
  "$['a']",
  "$.a[0].b",
  "x",
  "$.facts.post.caption",
  "$.retention",
  1,
  null,
];

const REFS: string[] = [
  ...SEEN.refs,
  ...PARAMETER_NAMES.map((name) => `params.${name}`),
  "deliverable.id",
  "deliverable.kind",
  "campaign.id",
  "campaign.timezone",
  "asOf",
  "deliverable",
  "deliverable.facts",
  "deliverable.facts.post.caption",
  "deliverable.postedd",
  "deliverable.0",
  "deliverable.constructor",
  "findings",
  "findings.byRule",
  "params",
  "params.grace.days",
  "nope.x",
  "standing.qualityScore",
  "deliverables.missingIds",
];

/** A path the fact registry declares, with its shape (`segments` after the fact name). */
interface RegistryPath {
  fact: string;
  segments: string[];
  shape: Shape;
}

/** Every path the registry declares, to depth 5 (array items as `[0]`, and `length`). */
function registryPaths(): RegistryPath[] {
  const found = new Map<string, RegistryPath>();
  const walk = (fact: string, segments: string[], shape: Shape) => {
    const key = [fact, ...segments].join(".");
    if (found.has(key)) return;
    found.set(key, { fact, segments, shape });
    if (segments.length >= 5) return;
    if (shape.kind === "array") {
      walk(fact, [...segments, "length"], { kind: "integer" });
      walk(fact, [...segments, "[0]"], { ...shape.items, nullable: true });
    }
    if (shape.kind === "record")
      walk(fact, [...segments, "someKey"], { ...shape.values, nullable: true });
    for (const [field, child] of Object.entries(fieldsOf(shape) ?? {}))
      walk(fact, [...segments, field], child);
  };
  for (const phase of ["violations", "exceptions", "sanctions"] as const)
    for (const scope of ["campaign", "deliverable"] as const)
      for (const [fact, shape] of Object.entries(factShapesFor(phase, scope)))
        if (fact !== "params") walk(fact, [], shape);
  return [...found.values()];
}

const REGISTRY_PATHS = registryPaths();

/** The registry paths a rule of one phase and scope may read. */
function registryPathsFor(phase: string, scope: "campaign" | "deliverable"): RegistryPath[] {
  const known = ["violations", "exceptions", "sanctions"].includes(phase)
    ? Object.keys(factShapesFor(phase as "violations", scope))
    : [];
  return REGISTRY_PATHS.filter((path) => known.includes(path.fact));
}

/** A misspelling of a path's last segment (or of its fact name): the checker must refuse it. */
function misspelt(path: RegistryPath, n: number): RegistryPath {
  const segments = [...path.segments];
  const last = segments.length > 0 ? (segments.pop() as string) : path.fact;
  const typo = pick(
    [
      `${last}${last.slice(-1)}`,
      last.slice(0, -1) || "x",
      `${last.slice(1, 2)}${last.slice(0, 1)}${last.slice(2)}`,
      `${last}s`,
      last.toUpperCase(),
    ],
    n,
  );
  return path.segments.length > 0
    ? { ...path, segments: [...segments, typo] }
    : { ...path, fact: typo };
}

/** A `$.a[0].b` path from segments (the `[0]` ones glued to the previous one). */
const conditionPath = (segments: readonly string[]) =>
  `$${segments.map((segment) => (segment.startsWith("[") ? segment : `.${segment}`)).join("")}`;

/** An operator and a value that fit a shape, so a deep condition is often accepted and runs. */
function fitting(shape: Shape, n: number): { operator: string; value: unknown } {
  if (shape.nullable && n % 4 === 0) return { operator: "isPresent", value: n % 8 === 0 };
  switch (shape.kind) {
    case "instant":
      return pick(
        [
          { operator: "instantBefore", value: { fact: "asOf" } },
          { operator: "instantOnOrAfter", value: "2026-03-01T00:00:00Z" },
        ],
        n,
      );
    case "boolean":
      return { operator: pick(["equal", "notEqual"], n), value: n % 2 === 0 };
    case "integer":
    case "number":
      return { operator: pick(["greaterThan", "lessThanInclusive", "equal"], n), value: n % 3 };
    case "string":
      return { operator: pick(["equal", "in"], n), value: n % 2 === 0 ? "feed" : ["feed", "x"] };
    case "enum":
      return { operator: "in", value: shape.values.slice(0, 1 + (n % shape.values.length)) };
    case "array":
      return pick(
        [
          { operator: "lengthAtLeast", value: n % 3 },
          { operator: "isPresent", value: true },
        ],
        n,
      );
    case "interval":
      return {
        operator: pick(["elapsedAtLeast", "elapsedAtMost"], n),
        value: { days: 1 + (n % 30) },
      };
    default:
      return { operator: "isPresent", value: n % 2 === 0 };
  }
}

/** Event references from the registry (no `[0]`: event references are dotted names). */
const REGISTRY_REFS = REGISTRY_PATHS.filter(
  (path) => !path.segments.some((s) => s.startsWith("[")),
);

/** Condition values: what the seeds use, references (good and bad), durations, nasty values. */
const VALUES: ReadonlyArray<() => unknown> = [
  ...SEEN.values.map((value) => () => structuredClone(value)),
  () => ({ fact: 7 }),
  () => ({ fact: "asOf", path: 1 }),
  () => ({ path: 1 }),
  () => ({ fact: "params" }),
  () => ({ fact: "deliverable", path: "$.dueAt" }),
  () => ({ fact: "deliverables", path: "$.count" }),
  () => ({ fact: "deliverable", path: "$.facts" }),
  () => ({ fact: "deliverable", path: "$.kind" }),
  () => ({ fact: "campaign", path: "$.id" }),
  () => ({ fact: "asOf", extra: 1 }),
  () => ({ fact: "params", path: "$.grace" }),
  () => ({ fact: "params", path: "$.penalty" }),
  () => ({ fact: "params", path: "$.excusableTypes" }),
  () => ({ fact: "nope" }),
  () => ({ fact: "asOf", params: 5 }),
  () => ({ days: 3 }),
  () => ({ hours: 1, minutes: 30 }),
  () => ({ years: 1e9 }),
  () => ({ seconds: Number.MAX_SAFE_INTEGER }),
  () => ({ days: -1 }),
  () => ({ days: 1.5 }),
  () => ({ start: "2026-03-01T00:00:00Z", end: "2026-04-01T00:00:00Z" }),
  () => [1, 2],
  () => ["a", "paid"],
  () => [[1]],
  () => [{}],
  () => [{ days: 1 }, { years: 1e9 }],
  () => "2026-03-01T00:00:00Z",
  () => "2026-03-01",
  () => 5,
  () => "5",
  () => true,
  () => null,
  ...NASTY,
];

/** Parameter values: durations (bounded or not), money (valid or not), instants and others. */
const PARAMETER_VALUES: ReadonlyArray<() => unknown> = [
  () => ({ days: 3 }),
  () => ({ hours: 48 }),
  () => ({ days: 0 }),
  () => ({ years: 1e9 }),
  () => ({ hours: Number.MAX_SAFE_INTEGER }),
  () => ({}),
  () => ({ amount: 100, currency: "USD" }),
  () => ({ amount: 1, currency: "X!" }),
  () => ({ amount: 1, currency: "usd" }),
  () => ({ amount: "1", currency: "USD" }),
  () => "2026-03-01T00:00:00Z",
  () => "abc",
  () => 5,
  () => -5,
  () => 1.5,
  () => ["illness"],
  () => [5],
  () => ({ nested: { days: 1e9 } }),
  () => ({ nested: { amount: 1, currency: "??" } }),
  () => "us-ftc",
  () => "uk-asa",
  ...NASTY,
];

function operator(step: Step): string {
  const base = pick([...KNOWN_OPERATORS, "equall", "bogus", ""], step.a);
  const count = step.b % 7 < 4 ? 0 : (step.b % 7) - 3;
  const decorators = Array.from({ length: count }, (_, index) =>
    pick([...OPERATOR_DECORATORS, "nope"], (step.b >> 3) + index * 7),
  );
  return [...decorators, base].join(":");
}

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const valueAt = (node: NodeRef): unknown =>
  (node.parent as Record<string | number, unknown>)[node.key];

/** Nodes of the tree whose value passes `test`, to pick one of them by `step.at`. */
function nodesWhere(t: Tree, test: (value: Record<string, unknown>) => boolean): NodeRef[] {
  return t.nodes().filter((node) => {
    const value = valueAt(node);
    return isObject(value) && test(value);
  });
}

const isLeaf = (value: Record<string, unknown>) => "operator" in value || "fact" in value;
const isCondition = (value: Record<string, unknown>) =>
  isLeaf(value) || "all" in value || "any" in value || "not" in value;
const isEventParams = (value: Record<string, unknown>) => "phase" in value;
const rootPolicy = (t: Tree) => (isObject(t.holder.value) ? t.holder.value : undefined);

/** A policy-aware step: find a node of the right kind, then change it. */
function onNodes(
  test: (value: Record<string, unknown>) => boolean,
  change: (value: Record<string, unknown>, step: Step, node: NodeRef, t: Tree) => void,
) {
  return (_: NodeRef, step: Step, t: Tree) => {
    const nodes = nodesWhere(t, test);
    if (nodes.length === 0) return;
    const node = pick(nodes, step.at);
    change(valueAt(node) as Record<string, unknown>, step, node, t);
  };
}

const EVENT_KEYS = ["since", "checkAt", "evidence"];
const SANCTION_KEYS = ["amount", "until", "scoreDelta"];

/** The policy domain of the mutator. */
export const POLICY_DOMAIN: MutationDomain = {
  enums: [
    ["violations", "exceptions", "sanctions"],
    ["campaign", "deliverable"],
    FINDING_KINDS,
    ["violation", "needs_review", "pending", "compliant", "not_applicable", "excused"],
    ["accepted", "rejected", "needs_review"],
    SANCTION_TYPES,
    ACTION_TYPES,
    [...KNOWN_OPERATORS],
  ],
  grafts: graftPool(POLICY_SEEDS.map((seed) => seed.policy)),
  steps: {
    operator: onNodes(isLeaf, (leaf, step) => {
      leaf.operator = operator(step);
    }),
    fact: onNodes(isLeaf, (leaf, step) => {
      leaf.fact = pick(FACT_NAMES, step.a);
    }),
    path: onNodes(isLeaf, (leaf, step) => {
      if (step.b % 5 === 0) delete leaf.path;
      else leaf.path = pick(PATHS, step.a);
    }),
    value: onNodes(isLeaf, (leaf, step) => {
      leaf.value = pick(VALUES, step.a)();
    }),
    leafParams: onNodes(isLeaf, (leaf, step) => {
      // json-rules-engine passes a leaf's params to the fact; ours are constants.
      leaf.params = pick([{}, { a: 1 }, { deep: { list: [1, "x", null] } }, 5, "x", null], step.a);
    }),
    deepLeaf: onNodes(
      (value) => "conditions" in value && isObject(value.event),
      (rule, step) => {
        // A leaf of this rule set to a deep registry path its phase and scope may read (valid
        // or misspelt), with an operator and value of the path's kind.
        const leaves: Record<string, unknown>[] = [];
        const visit = (node: unknown) => {
          if (Array.isArray(node)) for (const child of node) visit(child);
          else if (isObject(node)) {
            if (isLeaf(node)) leaves.push(node);
            else for (const key of ["all", "any", "not"]) visit(node[key]);
          }
        };
        visit(rule.conditions);
        if (leaves.length === 0) return;
        const leaf = pick(leaves, step.at);
        const params = isObject(rule.event) && isObject(rule.event.params) ? rule.event.params : {};
        const readable = registryPathsFor(
          typeof params.phase === "string" ? params.phase : "violations",
          params.scope === "deliverable" ? "deliverable" : "campaign",
        );
        const chosen = pick(readable.length > 0 ? readable : REGISTRY_PATHS, step.a);
        const path = step.b % 3 === 2 ? misspelt(chosen, step.b >> 2) : chosen;
        leaf.fact = path.fact;
        if (path.segments.length > 0) leaf.path = conditionPath(path.segments);
        else delete leaf.path;
        const { operator, value } = fitting(path.shape, step.b >> 1);
        leaf.operator = operator;
        leaf.value = value;
      },
    ),
    deepRef: onNodes(isEventParams, (params, step) => {
      // A deep registry reference in an event field or a template.
      const path = pick(REGISTRY_REFS, step.a);
      const chosen = step.b % 3 === 2 ? misspelt(path, step.b >> 2) : path;
      const ref = [chosen.fact, ...chosen.segments].join(".");
      const key = pick(["since", "checkAt", "evidence", "explanation"], step.b);
      if (params.phase === "violations") {
        if (key === "evidence") params.evidence = { deep: ref };
        else if (key === "explanation") params.explanation = `Deep: {${ref}}.`;
        else params[key] = ref;
      } else if (isObject(params.sanction)) {
        params.sanction[pick(["amount", "until", "scoreDelta", "note"], step.b)] =
          key === "explanation" ? `Deep {${ref}}.` : ref;
      } else if (isObject(params.action)) params.action.at = ref;
      else params.reason = `Deep {${ref}}.`;
    }),
    parameterValue: onNodes(isLeaf, (leaf, step) => {
      leaf.value = { fact: "params", path: `$.${pick(PARAMETER_NAMES, step.a)}` };
    }),
    priority: onNodes(
      (value) => isCondition(value) || "conditions" in value,
      (value, step) => {
        value.priority = pick([1, 2, 5, 100, 0, -1, 1.5, "2", 1e21], step.a);
      },
    ),
    nest: onNodes(isCondition, (condition, step, node) => {
      let wrapped: unknown = condition;
      const levels = 1 + (step.a % 40);
      for (let level = 0; level < levels; level++) {
        const kind = pick(["all", "any", "not"], step.b + level);
        wrapped = kind === "not" ? { not: wrapped } : { [kind]: [wrapped] };
      }
      set(node, wrapped);
    }),
    eventRef: onNodes(isEventParams, (params, step) => {
      const ref = pick(REFS, step.a);
      if (isObject(params.sanction) && step.b % 3 === 0)
        params.sanction[pick([...SANCTION_KEYS, "because"], step.b >> 2)] =
          step.b % 7 === 0 ? { fact: ref } : ref;
      else if (isObject(params.action) && step.b % 3 === 1) params.action.at = ref;
      else {
        const key = pick(EVENT_KEYS, step.b);
        params[key] = key === "evidence" ? { [pick(["x", "y", "__proto__"], step.a)]: ref } : ref;
      }
    }),
    template: onNodes(isEventParams, (params, step) => {
      const placeholder = `{${pick(REFS, step.a)}}`;
      const target = isObject(params.sanction)
        ? params.sanction
        : isObject(params.action)
          ? params.action
          : params;
      const key =
        ["explanation", "reason", "note"].find((candidate) => candidate in target) ?? "note";
      const text = typeof target[key] === "string" ? target[key] : "";
      target[key] = step.b % 50 === 0 ? placeholder.repeat(150) : `${text} ${placeholder}`;
    }),
    parameter: (_, step, t) => {
      const policy = rootPolicy(t);
      if (!policy || !isObject(policy.parameters)) return;
      defineOwn(policy.parameters, pick(PARAMETER_NAMES, step.a), pick(PARAMETER_VALUES, step.b)());
    },
    renameParameter: (_, step, t) => {
      const policy = rootPolicy(t);
      if (!policy || !isObject(policy.parameters)) return;
      const names = Object.keys(policy.parameters);
      if (names.length === 0) return;
      const name = pick(names, step.a);
      defineOwn(
        policy.parameters,
        `${name}${pick(["s", "_", "X"], step.b)}`,
        policy.parameters[name],
      );
      delete policy.parameters[name];
    },
    duplicateRule: (_, step, t) => {
      const policy = rootPolicy(t);
      if (!policy || !Array.isArray(policy.rules) || policy.rules.length === 0) return;
      const copy = structuredClone(pick(policy.rules, step.a));
      if (isObject(copy) && step.b % 2 === 0) copy.name = `${String(copy.name)}#${step.b}`;
      policy.rules.push(copy);
    },
    moveLeaf: (_, step, t) => {
      // A condition of one rule used in another (often another phase or scope).
      const leaves = nodesWhere(t, isLeaf);
      const groups = nodesWhere(t, (value) => Array.isArray(value.all) || Array.isArray(value.any));
      if (leaves.length === 0 || groups.length === 0) return;
      const leaf = valueAt(pick(leaves, step.a));
      const group = valueAt(pick(groups, step.b)) as Record<string, unknown[]>;
      (group.all ?? group.any)?.push(structuredClone(leaf));
    },
    keepRules: (_, step, t) => {
      // A few rules of the policy, not all (and so, often, an unused parameter).
      const policy = rootPolicy(t);
      if (!policy || !Array.isArray(policy.rules)) return;
      const keep = 1 + (step.a % 8);
      const start = step.b % Math.max(1, policy.rules.length);
      policy.rules = policy.rules.slice(start, start + keep);
    },
  },
};

const POLICY_STEP_KINDS = [
  { weight: 8, kind: "operator" },
  { weight: 6, kind: "fact" },
  { weight: 5, kind: "path" },
  { weight: 10, kind: "value" },
  { weight: 4, kind: "parameterValue" },
  { weight: 1, kind: "leafParams" },
  { weight: 4, kind: "priority" },
  { weight: 4, kind: "nest" },
  { weight: 8, kind: "eventRef" },
  { weight: 6, kind: "template" },
  { weight: 6, kind: "parameter" },
  { weight: 2, kind: "renameParameter" },
  { weight: 2, kind: "duplicateRule" },
  { weight: 3, kind: "moveLeaf" },
  { weight: 3, kind: "keepRules" },
  { weight: 12, kind: "deepLeaf" },
  { weight: 5, kind: "deepRef" },
];

/**
 * A window of a seed's rules (with only the parameters they mention), so that a mutation of one
 * rule is not always paid for with the validation of 60 others; `null` keeps the whole policy.
 */
function windowOf(seed: unknown, window: readonly [number, number] | null): unknown {
  if (!window || !isObject(seed) || !Array.isArray(seed.rules) || !isObject(seed.parameters))
    return seed;
  const [start, length] = window;
  const from = start % seed.rules.length;
  const rules = seed.rules.slice(from, from + length);
  const text = JSON.stringify(rules);
  const parameters = Object.fromEntries(
    Object.entries(seed.parameters).filter(([name]) =>
      new RegExp(`(params\\.|\\$\\.)${name}\\b`).test(text),
    ),
  );
  return { ...seed, parameters, rules };
}

/** Applies a mutation plan to a clone of a seed policy (or of a window of its rules). */
export function mutatedPolicy(
  seed: unknown,
  steps: readonly Step[],
  window: readonly [number, number] | null = null,
): unknown {
  const t = tree(windowOf(seed, window));
  for (const step of steps) applyStep(t, step, POLICY_DOMAIN);
  return t.holder.value;
}

/** One policy-fuzz case: the seed's name, the plan, the mutated policy, and which facts to run. */
export interface PolicyCase {
  seed: string;
  /** The window of the seed's rules mutated (start, count), or the whole policy. */
  window: [number, number] | null;
  steps: Step[];
  policy: unknown;
  facts: number[];
}

/** Policies mutated from a seed, and which two of the valid facts seeds to evaluate them on. */
export function policyCaseArbitrary(factsCount: number): fc.Arbitrary<PolicyCase> {
  return fc
    .record({
      seed: fc.nat({ max: POLICY_SEEDS.length - 1 }),
      window: fc.option(fc.tuple(fc.nat({ max: 100 }), fc.integer({ min: 1, max: 12 })), {
        freq: 2,
      }),
      // Policy steps mostly; the generic ones (nasty values, drops, type swaps…) too.
      steps: stepsArbitrary(POLICY_STEP_KINDS, 4),
      facts: fc.uniqueArray(fc.nat({ max: factsCount - 1 }), { minLength: 2, maxLength: 2 }),
    })
    .map(({ seed, window, steps, facts }) => {
      const { name, policy } = POLICY_SEEDS[seed] as (typeof POLICY_SEEDS)[number];
      return { seed: name, window, steps, policy: mutatedPolicy(policy, steps, window), facts };
    });
}
