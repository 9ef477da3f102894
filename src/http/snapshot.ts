// Pins every request to one content snapshot before anything else reads content: the response cache,
// the resolvers and the X-Content-Version header all use the same `{ version, model }`.
import type { Plugin } from "graphql-yoga";
import type { ContentStore, Snapshot } from "../read/store.ts";

const pinned = new WeakMap<Request, Snapshot>();

export function snapshotOf(request: Request): Snapshot {
  const snapshot = pinned.get(request);
  if (!snapshot) throw new Error("no content snapshot was pinned to this request (useContentSnapshot must run first)");
  return snapshot;
}

/** For plugins that replace the request (setRequest): the replacement reads the same snapshot. */
export function carrySnapshot(from: Request, to: Request): void {
  const snapshot = pinned.get(from);
  if (snapshot) pinned.set(to, snapshot);
}

export const CONTENT_VERSION_HEADER = "x-content-version";

export function useContentSnapshot(store: ContentStore): Plugin {
  return {
    // Synchronous when the newest snapshot is loaded, so a cached GET still needs no extra turn.
    onRequest({ request }) {
      const snapshot = store.snapshot();
      if (!(snapshot instanceof Promise)) return void pinned.set(request, snapshot);
      return snapshot.then((s) => void pinned.set(request, s));
    },
    onResponse({ request, response }) {
      const snapshot = pinned.get(request);
      if (snapshot) response.headers.set(CONTENT_VERSION_HEADER, String(snapshot.version));
    },
  };
}
