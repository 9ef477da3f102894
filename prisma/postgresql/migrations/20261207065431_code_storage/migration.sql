-- AlterTable
ALTER TABLE "StatusCode" ADD COLUMN     "storage" TEXT NOT NULL DEFAULT 'allowed';

-- Rows stored before this column existed get the value their files are given with it, so a database is
-- right before its next import: caches store final responses only (RFC 9111 §3) and never 428, 429, 431
-- or 511 (RFC 6585 §3-6).
UPDATE "StatusCode" SET "storage" = 'forbidden' WHERE "code" < 200 OR "code" IN (428, 429, 431, 511);

-- The next import compares each code's facts three ways, against the hash its file had at the last import.
-- Those hashes were taken of records without this column, so every code would look changed through the API
-- and conflict. A code no one has edited through the API holds exactly what the last import wrote: forget
-- its base, and the next import compares its file with the database alone. A code edited through the API
-- keeps its base, so a change on both sides is still refused and the operator chooses (--force, --keep-db).
DELETE FROM "ImportBase" WHERE "unit" LIKE 'code:%' AND NOT EXISTS (
  SELECT 1 FROM "HistoryEntry" AS h
  WHERE h."unit" = 'code.' || substr("ImportBase"."unit", 6) AND h."locale" IS NULL AND h."actor" <> 'import'
);
