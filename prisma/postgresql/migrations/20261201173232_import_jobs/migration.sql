-- CreateTable
CREATE TABLE "ImportJob" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL,
    "prune" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "unitsDone" INTEGER NOT NULL DEFAULT 0,
    "unitsTotal" INTEGER,
    "plan" TEXT,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "warnings" TEXT NOT NULL DEFAULT '[]',
    "contentVersion" INTEGER,
    "runId" INTEGER,
    "owner" TEXT NOT NULL,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,
    "leaseExpiresAt" TIMESTAMP(3) NOT NULL,
    "failureReason" TEXT,

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportUpload" (
    "jobId" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "body" BYTEA NOT NULL,

    CONSTRAINT "ImportUpload_pkey" PRIMARY KEY ("jobId")
);

-- CreateTable
CREATE TABLE "ImportLease" (
    "id" INTEGER NOT NULL,
    "jobId" TEXT,

    CONSTRAINT "ImportLease_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImportJob_status_idx" ON "ImportJob"("status");

-- The one lease row: no job holds it yet.
INSERT INTO "ImportLease" ("id", "jobId") VALUES (1, NULL);
