import type { Verdict } from "../verdict/types.js";
import { formatMoney } from "./template.js";

/**
 * Renders a verdict as readable text for logs, support tools and the demo.
 *
 * @param verdict - A verdict from `evaluate`.
 * @returns Several lines: status, findings with explanations, exceptions, sanctions, actions, next check.
 * @example
 * console.log(formatVerdict(await evaluate(facts, mediance(), { asOf })));
 */
export function formatVerdict(verdict: Verdict): string {
  const lines = [
    `${verdict.policy.id}@${verdict.policy.version} · campaign ${verdict.campaignId} · influencer ${verdict.influencerId} · as of ${verdict.asOf}`,
    `status: ${verdict.status}${verdict.noShow ? " (no-show)" : ""}`,
  ];
  lines.push("findings:");
  for (const finding of verdict.findings) {
    const target = finding.deliverableId ? `@${finding.deliverableId}` : "";
    lines.push(`  [${finding.outcome}] ${finding.rule}${target}: ${finding.explanation}`);
  }
  if (verdict.findings.length === 0) lines.push("  (none)");
  if (verdict.exceptions.length > 0) {
    lines.push("exceptions:");
    for (const exception of verdict.exceptions) {
      lines.push(
        `  [${exception.status}] ${exception.id} (${exception.type}): ${exception.reason}`,
      );
    }
  }
  lines.push("sanctions:");
  for (const sanction of verdict.sanctions) {
    const details = [
      sanction.amount ? formatMoney(sanction.amount) : undefined,
      sanction.scoreDelta !== undefined ? `score ${sanction.scoreDelta}` : undefined,
      sanction.until ? `until ${sanction.until}` : undefined,
      sanction.requiresHumanReview ? "requires human review" : undefined,
    ].filter(Boolean);
    const suffix = details.length > 0 ? ` (${details.join(", ")})` : "";
    lines.push(
      `  ${sanction.type}${suffix} because ${sanction.because.join(", ")}${sanction.note ? ` — ${sanction.note}` : ""}`,
    );
  }
  if (verdict.sanctions.length === 0) lines.push("  (none)");
  if (verdict.actions.length > 0) {
    lines.push("actions:");
    for (const action of verdict.actions) {
      lines.push(
        `  ${action.at} ${action.type}${action.deliverableId ? `@${action.deliverableId}` : ""}: ${action.note}`,
      );
    }
  }
  lines.push(`next check: ${verdict.nextCheckAt ?? "none"}`);
  return lines.join("\n");
}
