-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Locale" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nativeName" TEXT NOT NULL,
    "fallback" TEXT,
    "position" INTEGER NOT NULL,

    CONSTRAINT "Locale_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "StatusCode" (
    "code" INTEGER NOT NULL,
    "class" TEXT NOT NULL,
    "reasonPhrase" TEXT NOT NULL,
    "registryStatus" TEXT NOT NULL,
    "registryExpires" TIMESTAMP(3),
    "registryNote" TEXT,
    "specDocument" TEXT NOT NULL,
    "specSection" TEXT NOT NULL,
    "specUrl" TEXT NOT NULL,
    "cacheable" BOOLEAN NOT NULL,
    "retry" TEXT NOT NULL,
    "hasBody" BOOLEAN NOT NULL,
    "auth" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "file" TEXT NOT NULL,

    CONSTRAINT "StatusCode_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "RelatedCode" (
    "fromCode" INTEGER NOT NULL,
    "toCode" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "RelatedCode_pkey" PRIMARY KEY ("fromCode","toCode")
);

-- CreateTable
CREATE TABLE "StatusCodeTranslation" (
    "code" INTEGER NOT NULL,
    "locale" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "whenYouSeeIt" TEXT NOT NULL,
    "howToFix" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "sourceHash" TEXT,
    "file" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StatusCodeTranslation_pkey" PRIMARY KEY ("code","locale")
);

-- CreateTable
CREATE TABLE "Comparison" (
    "codeA" INTEGER NOT NULL,
    "codeB" INTEGER NOT NULL,

    CONSTRAINT "Comparison_pkey" PRIMARY KEY ("codeA","codeB")
);

-- CreateTable
CREATE TABLE "ComparisonTranslation" (
    "codeA" INTEGER NOT NULL,
    "codeB" INTEGER NOT NULL,
    "locale" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "differences" TEXT NOT NULL,
    "whenToUseA" TEXT NOT NULL,
    "whenToUseB" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "sourceHash" TEXT,
    "file" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ComparisonTranslation_pkey" PRIMARY KEY ("codeA","codeB","locale")
);

-- CreateTable
CREATE TABLE "Message" (
    "locale" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "sourceHash" TEXT,
    "file" TEXT NOT NULL,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("locale","key")
);

-- CreateTable
CREATE TABLE "SourceRevision" (
    "hash" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SourceRevision_pkey" PRIMARY KEY ("hash")
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" SERIAL NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "warnings" TEXT NOT NULL DEFAULT '[]',
    "outdated" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RelatedCode_toCode_idx" ON "RelatedCode"("toCode");

-- CreateIndex
CREATE INDEX "StatusCodeTranslation_locale_idx" ON "StatusCodeTranslation"("locale");

-- CreateIndex
CREATE INDEX "SourceRevision_unit_idx" ON "SourceRevision"("unit");

-- AddForeignKey
ALTER TABLE "RelatedCode" ADD CONSTRAINT "RelatedCode_fromCode_fkey" FOREIGN KEY ("fromCode") REFERENCES "StatusCode"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RelatedCode" ADD CONSTRAINT "RelatedCode_toCode_fkey" FOREIGN KEY ("toCode") REFERENCES "StatusCode"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatusCodeTranslation" ADD CONSTRAINT "StatusCodeTranslation_code_fkey" FOREIGN KEY ("code") REFERENCES "StatusCode"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatusCodeTranslation" ADD CONSTRAINT "StatusCodeTranslation_locale_fkey" FOREIGN KEY ("locale") REFERENCES "Locale"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComparisonTranslation" ADD CONSTRAINT "ComparisonTranslation_codeA_codeB_fkey" FOREIGN KEY ("codeA", "codeB") REFERENCES "Comparison"("codeA", "codeB") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComparisonTranslation" ADD CONSTRAINT "ComparisonTranslation_locale_fkey" FOREIGN KEY ("locale") REFERENCES "Locale"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_locale_fkey" FOREIGN KEY ("locale") REFERENCES "Locale"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
