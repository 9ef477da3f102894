// Picks the locale a request is served in: an explicit choice wins, else Accept-Language is negotiated.
import Negotiator from "negotiator";

export function negotiateLocale(acceptLanguage: string | null, available: readonly string[], defaultLocale: string): string {
  if (!acceptLanguage) return defaultLocale;
  const [best] = new Negotiator({ headers: { "accept-language": acceptLanguage } }).languages([...available]);
  if (best) return best;
  // "vi-VN" should still find "vi" when only the base language is offered.
  const bases = new Negotiator({ headers: { "accept-language": acceptLanguage.replace(/-[A-Za-z]+/g, "") } }).languages([...available]);
  return bases[0] ?? defaultLocale;
}
