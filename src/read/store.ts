// Keeps the read model current across processes: SQLite's `PRAGMA data_version` changes whenever another
// connection commits, so a CLI import is seen by the very next request, at the cost of one pragma call.
import Database from "better-sqlite3";
import type { PrismaClient } from "@prisma/client";
import { loadStoredContent } from "../pipeline/state.ts";
import { buildContentModel, type ContentModel } from "./model.ts";

export type ContentStore = {
  /** The model for the database as it is now, reloaded only when something committed since. */
  current(): Promise<ContentModel>;
  /** A number that changes whenever the content may have changed; caches key on it. */
  version(): number;
  close(): void;
};

export function createContentStore(prisma: PrismaClient, databaseFile: string): ContentStore {
  // A connection of its own: data_version only reports commits made by *other* connections,
  // and Prisma's writes come through a different one.
  // Opened on first use, so building a server does not require the database file to exist yet.
  let watcher: Database.Database | undefined;
  let dataVersion: Database.Statement | undefined;
  let loadedVersion = -1;
  let generation = 0;
  let model: ContentModel | undefined;
  let loading: { generation: number; promise: Promise<ContentModel> } | undefined;

  // One check per event-loop turn: every request handled in a turn was read from its socket before the
  // turn's first check, so none of them can have arrived after a commit the check missed.
  let checkedThisTurn = false;
  const version = () => {
    if (checkedThisTurn) return generation;
    if (!dataVersion) {
      watcher = new Database(databaseFile, { readonly: true, fileMustExist: true });
      dataVersion = watcher.prepare("PRAGMA data_version").pluck();
    }
    const now = dataVersion.get() as number;
    if (now !== loadedVersion) {
      loadedVersion = now;
      generation++;
      model = undefined;
    }
    checkedThisTurn = true;
    setImmediate(() => {
      checkedThisTurn = false;
    });
    return generation;
  };

  return {
    version,
    async current() {
      const wanted = version();
      if (model) return model;
      // A load started before the latest commit may hold older content: requests of a newer
      // generation start their own instead of sharing it.
      if (loading?.generation !== wanted) {
        const promise = Promise.all([loadStoredContent(prisma), prisma.sourceRevision.findMany({ select: { hash: true, content: true } })]).then(
          ([content, revisions]) => {
            const built = buildContentModel(content, new Map(revisions.map((r) => [r.hash, r.content])));
            // Only keep it if nothing committed while it was loading.
            if (version() === wanted) model = built;
            if (loading?.promise === promise) loading = undefined;
            return built;
          },
          (error: unknown) => {
            if (loading?.promise === promise) loading = undefined;
            throw error;
          },
        );
        loading = { generation: wanted, promise };
      }
      return loading.promise;
    },
    close() {
      watcher?.close();
    },
  };
}
