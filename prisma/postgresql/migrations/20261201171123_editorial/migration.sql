-- CreateTable
CREATE TABLE "ApiToken" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "locales" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TranslationDraft" (
    "unit" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "sourceHash" TEXT,

    CONSTRAINT "TranslationDraft_pkey" PRIMARY KEY ("unit","locale")
);

-- CreateTable
CREATE TABLE "Revision" (
    "record" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,

    CONSTRAINT "Revision_pkey" PRIMARY KEY ("record")
);

-- CreateTable
CREATE TABLE "HistoryEntry" (
    "id" SERIAL NOT NULL,
    "version" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "importRunId" INTEGER,
    "unit" TEXT NOT NULL,
    "locale" TEXT,
    "field" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "note" TEXT,

    CONSTRAINT "HistoryEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportBase" (
    "unit" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "ImportBase_pkey" PRIMARY KEY ("unit")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_name_key" ON "ApiToken"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

-- CreateIndex
CREATE INDEX "HistoryEntry_unit_id_idx" ON "HistoryEntry"("unit", "id");
