-- CreateTable
CREATE TABLE "ImportJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL,
    "prune" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "unitsDone" INTEGER NOT NULL DEFAULT 0,
    "unitsTotal" INTEGER,
    "plan" TEXT,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "warnings" TEXT NOT NULL DEFAULT '[]',
    "contentVersion" INTEGER,
    "runId" INTEGER,
    "owner" TEXT NOT NULL,
    "heartbeatAt" DATETIME NOT NULL,
    "leaseExpiresAt" DATETIME NOT NULL,
    "failureReason" TEXT
);

-- CreateTable
CREATE TABLE "ImportUpload" (
    "jobId" TEXT NOT NULL PRIMARY KEY,
    "contentType" TEXT NOT NULL,
    "body" BLOB NOT NULL
);

-- CreateTable
CREATE TABLE "ImportLease" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "jobId" TEXT
);

-- CreateIndex
CREATE INDEX "ImportJob_status_idx" ON "ImportJob"("status");

-- The one lease row: no job holds it yet.
INSERT INTO "ImportLease" ("id", "jobId") VALUES (1, NULL);
