-- CreateTable
CREATE TABLE "ContentChange" (
    "version" INTEGER NOT NULL,
    "unit" TEXT NOT NULL,

    PRIMARY KEY ("version", "unit")
);

-- CreateTable
CREATE TABLE "DraftState" (
    "locale" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL
);
