-- AlterTable
ALTER TABLE "StatusCode" ADD COLUMN     "actor" TEXT NOT NULL DEFAULT 'nobody',
ADD COLUMN     "outcome" TEXT NOT NULL DEFAULT 'unknown',
ADD COLUMN     "producer" TEXT NOT NULL DEFAULT 'origin',
ADD COLUMN     "redirect" TEXT NOT NULL DEFAULT 'none',
ADD COLUMN     "redirectMethod" TEXT NOT NULL DEFAULT 'not-applicable',
ADD COLUMN     "retryCondition" TEXT NOT NULL DEFAULT 'unconditional';

-- AlterTable
ALTER TABLE "StatusCodeTranslation" ADD COLUMN     "useWhen" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "ComparisonTranslation" ADD COLUMN     "similarities" TEXT NOT NULL DEFAULT '[]';
