-- CreateTable
CREATE TABLE "Locale" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nativeName" TEXT NOT NULL,
    "fallback" TEXT,
    "position" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "StatusCode" (
    "code" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "class" TEXT NOT NULL,
    "reasonPhrase" TEXT NOT NULL,
    "registryStatus" TEXT NOT NULL,
    "registryExpires" DATETIME,
    "registryNote" TEXT,
    "specDocument" TEXT NOT NULL,
    "specSection" TEXT NOT NULL,
    "specUrl" TEXT NOT NULL,
    "cacheable" BOOLEAN NOT NULL,
    "retry" TEXT NOT NULL,
    "hasBody" BOOLEAN NOT NULL,
    "auth" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "file" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "RelatedCode" (
    "fromCode" INTEGER NOT NULL,
    "toCode" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("fromCode", "toCode"),
    CONSTRAINT "RelatedCode_fromCode_fkey" FOREIGN KEY ("fromCode") REFERENCES "StatusCode" ("code") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RelatedCode_toCode_fkey" FOREIGN KEY ("toCode") REFERENCES "StatusCode" ("code") ON DELETE CASCADE ON UPDATE CASCADE
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
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("code", "locale"),
    CONSTRAINT "StatusCodeTranslation_code_fkey" FOREIGN KEY ("code") REFERENCES "StatusCode" ("code") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StatusCodeTranslation_locale_fkey" FOREIGN KEY ("locale") REFERENCES "Locale" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Comparison" (
    "codeA" INTEGER NOT NULL,
    "codeB" INTEGER NOT NULL,

    PRIMARY KEY ("codeA", "codeB")
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
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("codeA", "codeB", "locale"),
    CONSTRAINT "ComparisonTranslation_codeA_codeB_fkey" FOREIGN KEY ("codeA", "codeB") REFERENCES "Comparison" ("codeA", "codeB") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ComparisonTranslation_locale_fkey" FOREIGN KEY ("locale") REFERENCES "Locale" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Message" (
    "locale" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "sourceHash" TEXT,
    "file" TEXT NOT NULL,

    PRIMARY KEY ("locale", "key"),
    CONSTRAINT "Message_locale_fkey" FOREIGN KEY ("locale") REFERENCES "Locale" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SourceRevision" (
    "hash" TEXT NOT NULL PRIMARY KEY,
    "unit" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "status" TEXT NOT NULL,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "warnings" TEXT NOT NULL DEFAULT '[]',
    "outdated" TEXT NOT NULL DEFAULT '[]'
);

-- CreateIndex
CREATE INDEX "RelatedCode_toCode_idx" ON "RelatedCode"("toCode");

-- CreateIndex
CREATE INDEX "StatusCodeTranslation_locale_idx" ON "StatusCodeTranslation"("locale");

-- CreateIndex
CREATE INDEX "SourceRevision_unit_idx" ON "SourceRevision"("unit");
