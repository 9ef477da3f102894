// WORKAROUND, used only by prisma.config.ts: the driver adapter Prisma's JS schema engine (`engine: "js"`)
// migrates PostgreSQL through. The plain `PrismaPg` of @prisma/adapter-pg 6.19.3 (the newest 6.19.x) fails
// `migrate deploy`, `db push` and `migrate diff --from-migrations`; this subclass fixes exactly that and is
// dropped once test/db/postgres-migrate-adapter.postgresql.test.ts (which checks each bug below on the plain adapter)
// starts failing. The application's own client uses the plain adapter (src/db/postgres.ts).
//
// 1. Introspection reads catalog columns of type `name` (OID 19) and `"char"` (18), and arrays of them;
//    the adapter cannot map those OIDs: "Column type 'name' could not be deserialized from the database".
//    https://github.com/prisma/orm/issues/27403 (open). They are text on the wire, so they are reported as text.
// 2. `connectToShadowDb` creates a scratch database but connects with `{ ...config, database }`, and pg lets
//    a `connectionString` override `database`: the "shadow" is the real database. It also drops the
//    scratch database before closing the pool that still uses it.
// 3. `executeScript` splits a script on every `;`, breaking string literals and function bodies (the
//    content-version trigger in prisma/postgresql/migrations); PostgreSQL runs a multi-statement script
//    sent whole, in one implicit transaction, which is what the native engine does.
// 4. The pool's idle timer keeps the CLI process alive for seconds after it finished: allowExitOnIdle.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const NAME = 19;
const CHAR = 18;
const NAME_ARRAY = 1003;
const CHAR_ARRAY = 1002;
const TEXT = 25;
const TEXT_ARRAY = 1009;
const AS_TEXT: Record<number, number> = {
  [NAME]: TEXT,
  [CHAR]: TEXT,
  [NAME_ARRAY]: TEXT_ARRAY,
  [CHAR_ARRAY]: TEXT_ARRAY,
};

/** Reports `name` and `"char"` columns as text before the adapter maps column types (bug 1). */
class CatalogTypesAsTextClient extends pg.Client {
  // pg binds this handler when it connects; the field descriptions are rewritten before any query sees them.
  _handleRowDescription(message: { fields: { dataTypeID: number }[] }): void {
    for (const field of message.fields) field.dataTypeID = AS_TEXT[field.dataTypeID] ?? field.dataTypeID;
    (pg.Client.prototype as unknown as { _handleRowDescription(m: unknown): void })._handleRowDescription.call(
      this,
      message,
    );
  }
}

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/** Sends a script whole rather than split on `;` (bug 3). */
function runScriptsWhole(adapter: Adapter): Adapter {
  adapter.executeScript = async (script: string) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      (adapter as unknown as { onError(error: unknown): never }).onError(error);
    }
  };
  return adapter;
}

function poolFor(connectionString: string): pg.Pool {
  return new pg.Pool({ connectionString, Client: CatalogTypesAsTextClient, allowExitOnIdle: true, max: 2 });
}

export class PrismaPgForMigrate extends PrismaPg {
  readonly #connectionString: string;

  constructor(connectionString: string) {
    // The pool is ours, so the adapter must end it when the CLI disposes of it.
    super(poolFor(connectionString), { disposeExternalPool: true });
    this.#connectionString = connectionString;
  }

  override async connect(): Promise<Adapter> {
    return runScriptsWhole(await super.connect());
  }

  /** A scratch database really separate from the main one, dropped after its pool is closed (bug 2). */
  override async connectToShadowDb(): Promise<Adapter> {
    const admin = poolFor(this.#connectionString);
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const url = new URL(this.#connectionString);
    url.pathname = `/${database}`;
    const shadowPool = poolFor(url.toString());
    const shadow = new PrismaPg(shadowPool, { disposeExternalPool: true });
    const adapter = runScriptsWhole(await shadow.connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
      } finally {
        await admin.end();
      }
    };
    return adapter;
  }
}
