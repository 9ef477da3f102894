-- CreateTable
CREATE TABLE "WorkbenchSession" (
    "hash" TEXT NOT NULL,
    "tokenId" INTEGER NOT NULL,
    "csrf" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkbenchSession_pkey" PRIMARY KEY ("hash")
);

-- CreateTable
CREATE TABLE "WorkbenchComment" (
    "id" SERIAL NOT NULL,
    "unit" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkbenchComment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WorkbenchSession_tokenId_idx" ON "WorkbenchSession"("tokenId");

-- CreateIndex
CREATE INDEX "WorkbenchComment_unit_locale_id_idx" ON "WorkbenchComment"("unit", "locale", "id");
