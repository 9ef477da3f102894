// The events a subscription can ask for and the bodies sent for them. Pure: the payload is built from
// values passed in (the time included), and is the exact string that is signed and sent.
import { changedKeys } from "../content/purge-keys.ts";
import type { Unit } from "../content/units.ts";

export const WEBHOOK_EVENTS = ["content.published", "import.succeeded", "import.failed", "import.cancelled"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export type ParsedEvents = { ok: true; events: WebhookEvent[] } | { ok: false; message: string };

/** `content.published,import.failed` → the events, or which name is not one and what the names are. */
export function parseEvents(list: string): ParsedEvents {
  const names = [
    ...new Set(
      list
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
  if (names.length === 0) return { ok: false, message: `name at least one event: ${WEBHOOK_EVENTS.join(", ")}` };
  const unknown = names.filter((name) => !(WEBHOOK_EVENTS as readonly string[]).includes(name));
  if (unknown.length)
    return {
      ok: false,
      message: `unknown event ${unknown.map((n) => `"${n}"`).join(", ")}; the events are ${WEBHOOK_EVENTS.join(", ")}`,
    };
  return { ok: true, events: names as WebhookEvent[] };
}

/** The status codes a unit is about: a code's facts and texts name one, a comparison two. */
function codesOf(unit: Unit): number[] {
  switch (unit.kind) {
    case "code":
    case "codeText":
      return [unit.record.code];
    case "comparison":
    case "comparisonText":
      return [unit.record.codeA, unit.record.codeB];
    default:
      return [];
  }
}

export type ContentPublished = {
  contentVersion: number;
  /** Every published unit the change created, updated or deleted. */
  units: { unit: string; action: "create" | "update" | "delete" }[];
  /** The status codes those units are about, ascending. */
  codes: number[];
  /**
   * What a cache in front of the API purges: the Cache-Tag/Surrogate-Key values of every response the change
   * can have altered, spelled as responses spell them. Not derived from `codes`: a message changes every
   * page while naming no code (`["content"]`), and a curated comparison's pages carry the pair's own key.
   */
  purgeKeys: string[];
};

/**
 * What content.published reads of a plan (src/pipeline/plan.ts's Plan is one): spelled here, so that the
 * events, which the write path imports, do not import the pipeline back.
 */
export type PublishedChanges = { prune: boolean; entries: readonly { action: string; unit: Unit }[] };

/**
 * What a plan published, or null when it changed no published unit (drafts are not published content,
 * and deletions count only when pruned).
 */
export function contentPublished(version: number, plan: PublishedChanges): ContentPublished | null {
  const changed = plan.entries.filter(
    (e) =>
      e.unit.kind !== "draft" &&
      (e.action === "create" || e.action === "update" || (e.action === "delete" && plan.prune)),
  );
  if (changed.length === 0) return null;
  return {
    contentVersion: version,
    units: changed.map((e) => ({ unit: e.unit.id, action: e.action as "create" | "update" | "delete" })),
    codes: [...new Set(changed.flatMap((e) => codesOf(e.unit)))].sort((a, b) => a - b),
    purgeKeys: changedKeys(changed.map((e) => e.unit.id)),
  };
}

/** The body, in the Standard Webhooks payload structure: `type`, `timestamp` (RFC 3339) and `data`. */
export function eventBody(type: WebhookEvent, data: unknown, timestamp: Date): string {
  return JSON.stringify({ type, timestamp: timestamp.toISOString(), data });
}
