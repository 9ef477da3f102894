// Server options for workbench tests: the seeds' termbases (as `start` loads them) and the island built in
// memory by the same esbuild step `npm run build` runs, so tests never depend on a stale dist/.
import { beforeAll } from "vitest";
import { bundleWorkbenchAssets } from "../../scripts/bundle.ts";
import { loadTermbases } from "../../src/pipeline/termbase.ts";
import { assetsFrom } from "../../src/workbench/assets.ts";
import type { YogaOptions } from "../../src/yoga.ts";
import { SEEDS_DIR } from "../helpers/database.ts";

/** Options filled in before the seeded server is made: call it before useSeededServer(options). */
export function workbenchServerOptions(clock?: { now: Date }): Partial<YogaOptions> {
  const options: Partial<YogaOptions> = {};
  beforeAll(async () => {
    const built = await bundleWorkbenchAssets(null);
    options.glossaries = (await loadTermbases(SEEDS_DIR)).glossaries;
    options.workbench = { assets: assetsFrom(built.files, built.manifest), now: clock ? () => clock.now : undefined };
  });
  return options;
}
