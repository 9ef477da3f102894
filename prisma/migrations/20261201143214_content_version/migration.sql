-- AlterTable
ALTER TABLE "ImportRun" ADD COLUMN "contentVersion" INTEGER;

-- CreateTable
CREATE TABLE "ContentState" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "UnitRevision" (
    "unit" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "version" INTEGER NOT NULL,

    PRIMARY KEY ("unit", "hash")
);

-- The one row every content write moves forward; a database that already holds content starts at 0
-- and its next import makes it 1.
INSERT INTO "ContentState" ("id", "version") VALUES (1, 0);
