// Group commit for translators' draft saves. Each save costs about a dozen statements, and with Prisma 6
// each statement is compiled to a query plan on the main thread before it runs (plan caching came with
// Prisma 7.4), so a team saving at once spends most of the server's time compiling the same statements.
// Saves that arrive while others are being written wait for them and then go together, through
// runDraftSaves: one read, one check, one write transaction. A save that finds nothing running waits one
// turn of the event loop and goes alone if nothing else came, so a lone translator waits for nothing more.
import type { Database } from "../db/database.ts";
import type { ContentSet } from "../content/records.ts";
import { editedRecord } from "./edits.ts";
import { runDraftSaves, runEdit, type EditOutcome, type Published, type QueuedSave } from "./write.ts";

/** The most saves written in one transaction: enough for a team, small enough to keep each answer prompt. */
const MOST_TOGETHER = 32;

type Waiting = QueuedSave & { resolve(outcome: EditOutcome): void; reject(error: unknown): void };

export type SaveQueue = { save(save: QueuedSave): Promise<EditOutcome> };

/** `published`: the store's snapshot, which edits read published records from (src/editorial/write.ts). */
export function createSaveQueue(db: Database, glossaries?: ContentSet["glossaries"], published?: Published): SaveQueue {
  let waiting: Waiting[] = [];
  let writing = false;

  /** The next saves to write together: of different records, oldest first (a second save of a record waits its turn). */
  const takeTogether = (): Waiting[] => {
    const records = new Set<string>();
    const taken: Waiting[] = [];
    const left: Waiting[] = [];
    for (const item of waiting) {
      const record = editedRecord(item.edit);
      if (taken.length < MOST_TOGETHER && !records.has(record)) {
        records.add(record);
        taken.push(item);
      } else left.push(item);
    }
    waiting = left;
    return taken;
  };

  const write = async (): Promise<void> => {
    try {
      while (waiting.length) {
        const together = takeTogether();
        try {
          const [first] = together;
          const outcomes =
            together.length === 1
              ? [
                  await runEdit(db, first!.edit, {
                    actor: first!.actor,
                    expectedRevision: first!.expectedRevision,
                    glossaries,
                    published,
                  }),
                ]
              : await runDraftSaves(db, together, glossaries, published);
          for (const [i, item] of together.entries()) item.resolve(outcomes[i]!);
        } catch (error) {
          for (const item of together) item.reject(error);
        }
      }
    } finally {
      writing = false;
    }
  };

  return {
    save(save) {
      return new Promise<EditOutcome>((resolve, reject) => {
        waiting.push({ ...save, resolve, reject });
        if (writing) return;
        // Writing starts on the next turn of the event loop, not now: on SQLite every statement answers
        // at once, so a request runs start to end on microtasks and the requests waiting in other sockets
        // are read only when the loop turns. Started now, each save would find the queue empty and go alone.
        writing = true;
        setImmediate(() => void write());
      });
    },
  };
}
