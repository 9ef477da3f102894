// Picks the locale a request is served in: an explicit choice wins, else Accept-Language is negotiated.
import Negotiator from "negotiator";

export function negotiateLocale(
  acceptLanguage: string | null,
  available: readonly string[],
  defaultLocale: string,
): string {
  if (!acceptLanguage) return defaultLocale;
  // The header's tags by preference; each is then matched as an explicit one would be, so "vi-VN" finds "vi".
  for (const tag of new Negotiator({ headers: { "accept-language": acceptLanguage } }).languages()) {
    const locale = matchLocaleTag(tag, available);
    if (locale) return locale;
  }
  return defaultLocale;
}

/**
 * The locale we have for an explicitly requested tag, or null. Tags compare case-insensitively, and a
 * tag we lack is truncated subtag by subtag (RFC 4647 lookup), so a browser's "vi-VN" gets "vi".
 */
export function matchLocaleTag(requested: string, available: readonly string[]): string | null {
  // Every request names its locale: the exact tag is the common case and needs no lookup table.
  if (available.includes(requested)) return requested;
  const byLowerCase = new Map(available.map((code) => [code.toLowerCase(), code]));
  const subtags = requested.trim().toLowerCase().split(/[-_]/);
  for (let length = subtags.length; length > 0; length--) {
    const match = byLowerCase.get(subtags.slice(0, length).join("-"));
    if (match) return match;
  }
  return null;
}
