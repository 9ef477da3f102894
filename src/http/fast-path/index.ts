// The fast path: two ways in front of Yoga for the requests a reference site mostly gets, each answering only
// what it can answer byte for byte as Yoga would (test/http/cached-get.test.ts and compiled-query.test.ts send
// every request both ways and compare the answers whole):
//   1. cached-get.ts: an anonymous GET the response cache holds, answered from Node's request;
//   2. compiled-query.ts: an anonymous query Yoga has run before, run again as compiled code;
//   3. everything else: Yoga.
// Both exist for speed alone (`npm run bench`, edge table). Switched off (`FAST_PATH=off`), every request goes
// to Yoga, which answers the same bytes: the switch is how to rule the fast path out when chasing a bug.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Plugin } from "graphql-yoga";
import { createCachedGetPath, type CachedGetOptions, type CachedGetPath } from "./cached-get.ts";
import { createCompiledQueryPath, type CompiledQueryOptions, type CompiledQueryPath } from "./compiled-query.ts";

export { hasOneOperation } from "./compiled-query.ts";

export type FastPathOptions<Context> = CachedGetOptions &
  CompiledQueryOptions<Context> & {
    /** False: no request takes the fast path, and Yoga answers all. */
    enabled: boolean;
  };

export type FastPath = {
  /** Goes into Yoga's plugins: notes the queries the compiled-query path may run itself (a no-op when off). */
  plugin: Plugin;
  /** Node's request listener: the fast path, then `yoga` for what it does not answer. */
  listener(yoga: RequestListener): RequestListener;
  /** Each way on its own, for tests that drive them one by one. */
  cachedGet: CachedGetPath;
  compiledQuery: Pick<CompiledQueryPath, "answer">;
};

const declines = (_req: IncomingMessage, _res: ServerResponse): boolean => false;

export function createFastPath<Context>(options: FastPathOptions<Context>): FastPath {
  if (!options.enabled)
    return {
      plugin: {},
      listener: (yoga) => yoga,
      cachedGet: { answer: declines },
      compiledQuery: { answer: declines },
    };
  const compiledQuery = createCompiledQueryPath<Context>(options);
  const cachedGet = createCachedGetPath(options);
  return {
    plugin: compiledQuery.plugin,
    listener: (yoga) => (req, res) => {
      if (!cachedGet.answer(req, res) && !compiledQuery.answer(req, res, yoga)) yoga(req, res);
    },
    cachedGet,
    compiledQuery,
  };
}
