-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "lastUsedAt" TIMESTAMP(3);
