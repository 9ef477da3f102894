-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StatusCode" (
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
    "redirect" TEXT NOT NULL DEFAULT 'none',
    "redirectMethod" TEXT NOT NULL DEFAULT 'not-applicable',
    "outcome" TEXT NOT NULL DEFAULT 'unknown',
    "producer" TEXT NOT NULL DEFAULT 'origin',
    "actor" TEXT NOT NULL DEFAULT 'nobody',
    "retryCondition" TEXT NOT NULL DEFAULT 'unconditional',
    "headers" TEXT NOT NULL,
    "file" TEXT NOT NULL
);
INSERT INTO "new_StatusCode" ("auth", "cacheable", "class", "code", "file", "hasBody", "headers", "reasonPhrase", "registryExpires", "registryNote", "registryStatus", "retry", "specDocument", "specSection", "specUrl") SELECT "auth", "cacheable", "class", "code", "file", "hasBody", "headers", "reasonPhrase", "registryExpires", "registryNote", "registryStatus", "retry", "specDocument", "specSection", "specUrl" FROM "StatusCode";
DROP TABLE "StatusCode";
ALTER TABLE "new_StatusCode" RENAME TO "StatusCode";
CREATE TABLE "new_StatusCodeTranslation" (
    "code" INTEGER NOT NULL,
    "locale" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "whenYouSeeIt" TEXT NOT NULL,
    "howToFix" TEXT NOT NULL,
    "useWhen" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "sourceHash" TEXT,
    "file" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("code", "locale"),
    CONSTRAINT "StatusCodeTranslation_code_fkey" FOREIGN KEY ("code") REFERENCES "StatusCode" ("code") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StatusCodeTranslation_locale_fkey" FOREIGN KEY ("locale") REFERENCES "Locale" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_StatusCodeTranslation" ("body", "code", "description", "file", "howToFix", "locale", "sourceHash", "state", "summary", "title", "updatedAt", "whenYouSeeIt") SELECT "body", "code", "description", "file", "howToFix", "locale", "sourceHash", "state", "summary", "title", "updatedAt", "whenYouSeeIt" FROM "StatusCodeTranslation";
DROP TABLE "StatusCodeTranslation";
ALTER TABLE "new_StatusCodeTranslation" RENAME TO "StatusCodeTranslation";
CREATE INDEX "StatusCodeTranslation_locale_idx" ON "StatusCodeTranslation"("locale");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ComparisonTranslation" (
    "codeA" INTEGER NOT NULL,
    "codeB" INTEGER NOT NULL,
    "locale" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "differences" TEXT NOT NULL,
    "similarities" TEXT NOT NULL DEFAULT '[]',
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
INSERT INTO "new_ComparisonTranslation" ("body", "codeA", "codeB", "differences", "file", "locale", "sourceHash", "state", "summary", "updatedAt", "whenToUseA", "whenToUseB") SELECT "body", "codeA", "codeB", "differences", "file", "locale", "sourceHash", "state", "summary", "updatedAt", "whenToUseA", "whenToUseB" FROM "ComparisonTranslation";
DROP TABLE "ComparisonTranslation";
ALTER TABLE "new_ComparisonTranslation" RENAME TO "ComparisonTranslation";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
