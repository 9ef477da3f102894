// `npm run build` (and `npm install`'s postinstall): bundles src/ into dist/ for `npm start`, so production
// runs plain JavaScript with no TypeScript loader. Bundled, not compiled file by file: resolving and
// loading the ~1,500 files of the server's dependencies one module at a time was most of a cold start
// (bench/cold-start.ts). Types are checked by `npm run typecheck`, not here: a type error in a test must
// not stop `npm install` from producing a runnable server. How it bundles: scripts/bundle.ts.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bundle, bundleWorkbenchAssets } from "./bundle.ts";

const root = path.resolve(import.meta.dirname, "..");
const dist = path.join(root, "dist");

/** Every file this build is made of: the sources and the exact dependencies installed for them. */
function inputs(): string[] {
  const sources = readdirSync(path.join(root, "src"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
  return [...sources.sort(), path.join(root, "package.json"), path.join(root, "package-lock.json")];
}

/**
 * The build's identity (src/build-id.ts): a hash of what it was built from. `start` skips importing a
 * content folder this build has already imported, so a build that could read files differently must
 * have another id.
 */
function buildIdOf(files: string[]): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex").slice(0, 16);
}

rmSync(dist, { recursive: true, force: true });
await bundle({
  entryPoints: { "cli/index": "src/cli/index.ts" },
  outdir: dist,
  define: { "globalThis.STATUS_ATLAS_BUILD_ID": JSON.stringify(buildIdOf(inputs())) },
});
// The workbench's browser assets (src/workbench/assets.ts serves them from here).
await bundleWorkbenchAssets(path.join(dist, "workbench"));
// bin/status-atlas.js runs dist/ only when this stamp is newer than every file in src/.
writeFileSync(path.join(dist, ".built"), "");
