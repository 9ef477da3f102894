-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "lastUsedAt" DATETIME;
