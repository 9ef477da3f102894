// What one request's resolvers read: the codes and comparisons in its response, and whether its locale came
// from Accept-Language. The HTTP layer turns that into `Vary` and into purge keys (`Cache-Tag`, `Surrogate-Key`).

export type ContentReads = {
  /** Codes whose text or facts the response shows, or that it looked up and found missing. */
  readonly codes: Set<number>;
  /** Comparisons by their tag (`comparisonTag`), curated or not: curating one changes the computed answer. */
  readonly comparisons: Set<string>;
  /** A listing or search: its matches change whenever any code is added, removed or edited. */
  listing: boolean;
  /** Some field was served in the locale negotiated from Accept-Language, so the response varies by it. */
  acceptLanguage: boolean;
};

const readsByRequest = new WeakMap<Request, ContentReads>();

/** The record of the request's reads; the context factory hands the same object to the resolvers. */
export function contentReadsOf(request: Request): ContentReads {
  let reads = readsByRequest.get(request);
  if (!reads) readsByRequest.set(request, (reads = { codes: new Set(), comparisons: new Set(), listing: false, acceptLanguage: false }));
  return reads;
}

/** The record, if any resolver ran for this request. */
export function recordedReadsOf(request: Request): ContentReads | undefined {
  return readsByRequest.get(request);
}

/** Every content response carries this key, so one purge empties a CDN of everything after an import. */
export const CONTENT_TAG = "content";
/** Listings and searches: purged when any code changes, since any code may enter or leave their matches. */
export const CODE_LIST_TAG = "code-list";

export const codeTag = (code: number) => `code-${code}`;
/** In ascending order whatever order the query named them: "comparison-401-vs-403". */
export function comparisonTag(a: number, b: number): string {
  return a < b ? `comparison-${a}-vs-${b}` : `comparison-${b}-vs-${a}`;
}

/** The purge keys of a response: the content it shows, most specific first, then the catch-all. */
export function contentTags(reads: ContentReads | undefined): string[] {
  if (!reads) return [CONTENT_TAG];
  const codes = [...reads.codes].sort((x, y) => x - y).map(codeTag);
  const comparisons = [...reads.comparisons].sort();
  return [...codes, ...comparisons, ...(reads.listing ? [CODE_LIST_TAG] : []), CONTENT_TAG];
}
