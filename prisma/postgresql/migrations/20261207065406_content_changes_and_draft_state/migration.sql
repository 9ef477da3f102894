-- CreateTable
CREATE TABLE "ContentChange" (
    "version" INTEGER NOT NULL,
    "unit" TEXT NOT NULL,

    CONSTRAINT "ContentChange_pkey" PRIMARY KEY ("version","unit")
);

-- CreateTable
CREATE TABLE "DraftState" (
    "locale" TEXT NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "DraftState_pkey" PRIMARY KEY ("locale")
);
