/**
 * The sanctions phase: the `findings` fact each run sees, and the assembly of sanctions and
 * actions from the rules that fired (one sanction per type, amount and note: a root cause is not
 * counted twice).
 */

import { boundList } from "../core/bounded.js";
import { mapList } from "../core/lists.js";
import { compareCodeUnits } from "../core/order.js";
import { instantMillis, toMillis, toUtc } from "../core/time.js";

/** An instant in canonical UTC (as every instant in a verdict is); other text as it is. */
function utcIfInstant(text: string): string {
  return Number.isNaN(instantMillis(text)) ? text : toUtc(text);
}

import type { RunResult } from "../engine/jre.js";
import type { Money } from "../facts/schema.js";
import type { SanctionEventParams } from "../policy/schema.js";
import { renderTemplate, resolveRef } from "../render/template.js";
import type { Action, Finding, Sanction } from "../verdict/types.js";
import { findingKey } from "./findings.js";

// The `findings` fact is a fact family of the registry; re-exported here under its first path.
export { type FindingsFact, findingsFact } from "../derive/findings.js";

function isMoney(value: unknown): value is Money {
  return typeof value === "object" && value !== null && "amount" in value && "currency" in value;
}

function hasBar(parts: readonly string[]): boolean {
  for (let i = 0; i < parts.length; i++) if ((parts[i] as string).includes("|")) return true;
  return false;
}

/**
 * Entries keyed by the string `${parts.join("|")}|${note}`, without building that string (a
 * note runs to hundreds of characters, and hashing a fresh long key per entry was the costliest
 * step here). While no part holds a `|`, two such keys are equal exactly when the parts and the
 * notes are; the first part with a `|` switches to the full keys, so every key means what the
 * joined string means. Entries keep the order they were first added in.
 */
export class NoteKeyed<V> {
  private readonly entries: Array<{ parts: readonly string[]; note: string; value: V }> = [];
  /** Part by part down to the entries' indices (the part strings' hashes are cached in them). */
  private readonly byParts = new Map<string, unknown>();
  private byKey: Map<string, number> | null = null;

  /** The entry of this key, or `undefined`. */
  get(parts: readonly string[], note: string): V | undefined {
    this.check(parts);
    if (this.byKey !== null) {
      const index = this.byKey.get(`${parts.join("|")}|${note}`);
      return index === undefined ? undefined : (this.entries[index] as { value: V }).value;
    }
    const indices = this.leaf(parts, false);
    if (indices === undefined) return undefined;
    for (const index of indices) {
      const entry = this.entries[index] as { note: string; value: V };
      if (entry.note === note) return entry.value;
    }
    return undefined;
  }

  /** Adds an entry for a key {@link get} found none for. */
  add(parts: readonly string[], note: string, value: V): void {
    this.check(parts);
    const index = this.entries.length;
    this.entries.push({ parts, note, value });
    if (this.byKey !== null) this.byKey.set(`${parts.join("|")}|${note}`, index);
    else (this.leaf(parts, true) as number[]).push(index);
  }

  /** The values, in the order first added. */
  values(): V[] {
    return mapList(this.entries, (entry) => entry.value);
  }

  private leaf(parts: readonly string[], create: boolean): number[] | undefined {
    let node = this.byParts;
    const last = parts.length - 1;
    for (let i = 0; i < last; i++) {
      let next = node.get(parts[i] as string) as Map<string, unknown> | undefined;
      if (next === undefined) {
        if (!create) return undefined;
        next = new Map();
        node.set(parts[i] as string, next);
      }
      node = next;
    }
    let indices = node.get(parts[last] as string) as number[] | undefined;
    if (indices === undefined && create) {
      indices = [];
      node.set(parts[last] as string, indices);
    }
    return indices;
  }

  private check(parts: readonly string[]): void {
    if (this.byKey === null && hasBar(parts)) {
      // A `|` inside a part: only the joined string says which keys are equal from now on.
      const byKey = new Map<string, number>();
      this.entries.forEach((entry, index) => {
        const key = `${entry.parts.join("|")}|${entry.note}`;
        if (!byKey.has(key)) byKey.set(key, index);
      });
      this.byKey = byKey;
    }
  }
}

/** The references (written, read well) that read nothing usable, in words; undefined if none. */
function unresolved(
  amountRef: string | undefined,
  amountOk: boolean,
  scoreRef: string | undefined,
  scoreOk: boolean,
  untilRef: string | undefined,
  untilOk: boolean,
): string | undefined {
  // Most sanctions read every reference they name: no list is built for them.
  if (
    (amountRef === undefined || amountOk) &&
    (scoreRef === undefined || scoreOk) &&
    (untilRef === undefined || untilOk)
  )
    return undefined;
  const missing: string[] = [];
  if (amountRef !== undefined && !amountOk) missing.push(amountRef);
  if (scoreRef !== undefined && !scoreOk) missing.push(scoreRef);
  if (untilRef !== undefined && !untilOk) missing.push(untilRef);
  return missing.length > 0
    ? `(${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} unknown: a person decides.)`
    : undefined;
}

/** A sanctions run: its facts, fired rules, and the findings in its scope. */
export interface SanctionUnit {
  deliverableId?: string;
  findings: readonly Finding[];
}

/**
 * Assembles sanctions and actions from the sanctions-phase runs.
 *
 * @param runs - Every sanctions run (campaign and per deliverable).
 * @param timeZone - The campaign zone, for notes.
 * @returns Sanctions merged by type, amount and note, and actions sorted by time.
 */
export function assembleSanctions(
  runs: ReadonlyArray<RunResult<SanctionUnit>>,
  timeZone: string,
): { sanctions: Sanction[]; actions: Action[] } {
  // Merged reasons grow in place (a set of what is already listed), never copied per merge.
  const sanctions = new NoteKeyed<{ sanction: Sanction; seen: Set<string> | null }>();
  const actions = new NoteKeyed<Action>();
  for (const { unit, facts, fired } of runs) {
    for (const { name, event } of fired) {
      const params = event.params as SanctionEventParams;
      const { sanction: spec, action: actionSpec } = params;
      if (spec) {
        // The violations in scope that the sanction names (by rule, kind or role), then the
        // referenced fact's keys: pushed in that order, with no temporary lists.
        const { rules, kinds, roles, fact } = spec.because;
        const because: string[] = [];
        if (rules || kinds || roles) {
          for (const finding of unit.findings) {
            if (
              finding.outcome === "violation" &&
              (!rules || rules.includes(finding.rule)) &&
              (!kinds || kinds.includes(finding.kind)) &&
              (!roles || (finding.role !== undefined && roles.includes(finding.role)))
            )
              because.push(findingKey(finding));
          }
        }
        const referenced = fact ? resolveRef(facts, fact) : undefined;
        if (Array.isArray(referenced)) {
          // As `[...referenced.map(String)]` reads it: a hole stays undefined.
          for (let i = 0; i < referenced.length; i++)
            because.push(
              (Object.hasOwn(referenced, i) ? String(referenced[i]) : undefined) as string,
            );
        } else if (typeof referenced === "string") because.push(referenced);
        const amount = spec.amount ? resolveRef(facts, spec.amount) : undefined;
        const scoreDelta =
          typeof spec.scoreDelta === "string"
            ? resolveRef(facts, spec.scoreDelta)
            : spec.scoreDelta;
        // A parameter keeps the instant as written (maybe with an offset); a verdict holds UTC.
        const untilRef = spec.until ? resolveRef(facts, spec.until) : undefined;
        const until = typeof untilRef === "string" ? utcIfInstant(untilRef) : undefined;
        // A reference that reads nothing (a field under a null parent, say) is never dropped
        // silently: the sanction stays, flagged for a person, its note naming what is unknown.
        const unknown = unresolved(
          spec.amount,
          isMoney(amount),
          typeof spec.scoreDelta === "string" ? spec.scoreDelta : undefined,
          typeof scoreDelta === "number",
          spec.until,
          typeof until === "string",
        );
        const written = spec.note ? renderTemplate(spec.note, facts, timeZone) : undefined;
        const note = unknown ? [written, unknown].filter(Boolean).join(" ") : written;
        const sanction: Sanction = {
          type: spec.type,
          because: because.length > 0 ? because : [`rule:${name}`],
          ...(isMoney(amount)
            ? { amount: { amount: amount.amount, currency: amount.currency } }
            : {}),
          ...(typeof scoreDelta === "number" ? { scoreDelta } : {}),
          ...(typeof until === "string" ? { until } : {}),
          ...(spec.requiresHumanReview || unknown ? { requiresHumanReview: true } : {}),
          ...(note !== undefined ? { note } : {}),
        };
        // An invoice bills one thing (its note says what): a product and a voucher of equal value
        // are two invoices, not one root cause counted twice.
        // The same sanction for the same amount and reason is one sanction, however many findings
        // lead to it; two invoices of equal value for different things stay two.
        const amountKey = sanction.amount === undefined ? "null" : JSON.stringify(sanction.amount);
        const parts = [sanction.type, amountKey];
        const key = sanction.note ?? "";
        const existing = sanctions.get(parts, key);
        if (existing) {
          // A merge lists each reason once, in the order first given.
          let seen = existing.seen;
          if (!seen) {
            seen = new Set(existing.sanction.because);
            existing.sanction.because = [...seen];
            existing.seen = seen;
          }
          for (const reason of sanction.because) {
            if (seen.has(reason)) continue;
            seen.add(reason);
            existing.sanction.because.push(reason);
          }
          // If any rule behind it wants a person to look, the merged sanction does too.
          if (sanction.requiresHumanReview) existing.sanction.requiresHumanReview = true;
        } else {
          sanctions.add(parts, key, { sanction, seen: null });
        }
      }
      if (actionSpec) {
        const atRef = resolveRef(facts, actionSpec.at);
        const written = renderTemplate(actionSpec.note, facts, timeZone);
        // An action whose time reads nothing is not dropped, nor scheduled at a guessed time:
        // support is asked now (the evaluation instant) to decide it.
        const known = typeof atRef === "string";
        const action: Action = known
          ? {
              type: actionSpec.type,
              at: utcIfInstant(atRef),
              note: written,
              ...(unit.deliverableId ? { deliverableId: unit.deliverableId } : {}),
            }
          : {
              type: "report_to_support",
              at: String(facts.asOf),
              note: `Decide when to ${actionSpec.type.replaceAll("_", " ")}: ${actionSpec.at} is unknown. ${written}`,
              ...(unit.deliverableId ? { deliverableId: unit.deliverableId } : {}),
            };
        // The same key again is the same action, field for field: the first one stays.
        const parts = [action.type, action.at, action.deliverableId ?? ""];
        if (actions.get(parts, action.note) === undefined) actions.add(parts, action.note, action);
      }
    }
  }
  const sortedActions = mapList(
    mapList(actions.values(), (action) => ({ action, at: toMillis(action.at) })).sort(
      (a, b) =>
        a.at - b.at ||
        compareCodeUnits(a.action.type, b.action.type) ||
        compareCodeUnits(a.action.deliverableId ?? "", b.action.deliverableId ?? ""),
    ),
    ({ action }) => action,
  );
  // A verdict lists a bounded number of reasons per sanction (then "and N more").
  return {
    sanctions: mapList(sanctions.values(), ({ sanction }) => ({
      ...sanction,
      because: [...boundList(sanction.because)],
    })),
    actions: sortedActions,
  };
}
