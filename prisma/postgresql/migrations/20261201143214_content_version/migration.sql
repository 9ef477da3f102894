-- AlterTable
ALTER TABLE "ImportRun" ADD COLUMN     "contentVersion" INTEGER;

-- CreateTable
CREATE TABLE "ContentState" (
    "id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "ContentState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnitRevision" (
    "unit" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "UnitRevision_pkey" PRIMARY KEY ("unit","hash")
);

-- The one row every content write moves forward; a database that already holds content starts at 0
-- and its next import makes it 1.
INSERT INTO "ContentState" ("id", "version") VALUES (1, 0);

-- Replicas LISTEN on this channel (src/db/postgres.ts): every change of the version is announced with
-- the new version as payload. PostgreSQL delivers a NOTIFY when its transaction commits, never after a
-- rollback, so a replica never hears of a version it cannot read.
CREATE FUNCTION "notify_content_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('status_atlas_content_version', NEW."version"::text);
  RETURN NEW;
END;
$$;

CREATE TRIGGER "ContentState_notify_version"
  AFTER UPDATE OF "version" ON "ContentState"
  FOR EACH ROW WHEN (NEW."version" IS DISTINCT FROM OLD."version")
  EXECUTE FUNCTION "notify_content_version"();
