-- CreateTable
CREATE TABLE "ImportSource" (
    "id" INTEGER NOT NULL,
    "digest" TEXT NOT NULL,

    CONSTRAINT "ImportSource_pkey" PRIMARY KEY ("id")
);
