// What one request's resolvers read: the codes and comparisons in its response, and whether its locale came
// from Accept-Language. The HTTP layer turns that into `Vary` and into purge keys (`Cache-Tag`, `Surrogate-Key`),
// spelled by src/content/purge-keys.ts, which content.published webhooks use too.

export type ContentReads = {
  /** Codes whose text or facts the response shows, or that it looked up and found missing. */
  readonly codes: Set<number>;
  /** Comparisons by their purge key (`purgeKey.comparison`), curated or not: curating one changes the computed answer. */
  readonly comparisons: Set<string>;
  /** A listing or search: its matches change whenever any code is added, removed or edited. */
  listing: boolean;
  /** Some field was served in the locale negotiated from Accept-Language, so the response varies by it. */
  acceptLanguage: boolean;
  /**
   * The locales the response's text was served in (each field's resolved locale, or a node id's). A change
   * to one locale's text leaves a response in a locale whose fallback chain does not pass through it as it
   * was; none recorded means any locale may have been read.
   */
  readonly locales: Set<string>;
  /** A locale's translation progress, which counts every unit. */
  progress: boolean;
  /** The response shows the content version itself (`contentVersion`): every new version makes it stale. */
  version: boolean;
};

/** A record of nothing read yet. */
export const noReads = (): ContentReads => ({
  codes: new Set(),
  comparisons: new Set(),
  locales: new Set(),
  listing: false,
  progress: false,
  acceptLanguage: false,
  version: false,
});

const readsByRequest = new WeakMap<Request, ContentReads>();

/** The record of the request's reads; the context factory hands the same object to the resolvers. */
export function contentReadsOf(request: Request): ContentReads {
  let reads = readsByRequest.get(request);
  if (!reads) readsByRequest.set(request, (reads = noReads()));
  return reads;
}

/** The record, if any resolver ran for this request. */
export function recordedReadsOf(request: Request): ContentReads | undefined {
  return readsByRequest.get(request);
}
