/**
 * The escalation timeline moved to the fact registry (`derive/escalation.ts`): the evaluation
 * core reads no preset's parameter by name. Re-exported here under its first path.
 */
export {
  type EscalationCase,
  type EscalationContext,
  type EscalationFacts,
  escalationContext,
  escalationFacts,
} from "../derive/escalation.js";
