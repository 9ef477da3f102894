-- AlterTable
ALTER TABLE "StatusCode" ADD COLUMN     "storage" TEXT NOT NULL DEFAULT 'allowed';

-- Rows stored before this column existed get the value their files are given with it, so a database is
-- right before its next import: caches store final responses only (RFC 9111 §3) and never 428, 429, 431
-- or 511 (RFC 6585 §3-6).
UPDATE "StatusCode" SET "storage" = 'forbidden' WHERE "code" < 200 OR "code" IN (428, 429, 431, 511);
