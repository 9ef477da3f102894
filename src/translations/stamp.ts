// Which translations a stamp marks as made from today's English (the hash a translation records is what
// makes a later English edit show up as OUTDATED). The stamp itself is a write to the database
// (src/translations/database.ts).
import type { ContentSet } from "../content/records.ts";
import { translationUnits, type TranslationUnit } from "../domain/translation-units.ts";

export type StampSelection = { ids?: string[]; all?: boolean };

/** Which units a stamp run touches: by default only translations that were never stamped. */
export function unitsToStamp(content: ContentSet, locale: string, selection: StampSelection): TranslationUnit[] {
  const units = translationUnits(content, locale).filter((u) => u.translation);
  if (selection.ids?.length) return units.filter((u) => selection.ids!.includes(u.id));
  if (selection.all) return units.filter((u) => u.translation!.sourceHash !== u.sourceHash);
  return units.filter((u) => u.translation!.sourceHash === null);
}
