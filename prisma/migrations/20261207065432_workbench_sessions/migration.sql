-- CreateTable
CREATE TABLE "WorkbenchSession" (
    "hash" TEXT NOT NULL PRIMARY KEY,
    "tokenId" INTEGER NOT NULL,
    "csrf" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WorkbenchComment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unit" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "WorkbenchSession_tokenId_idx" ON "WorkbenchSession"("tokenId");

-- CreateIndex
CREATE INDEX "WorkbenchComment_unit_locale_id_idx" ON "WorkbenchComment"("unit", "locale", "id");
