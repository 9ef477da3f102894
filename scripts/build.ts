// `npm run build` (and `npm install`'s postinstall): bundles src/ into dist/ for `npm start`, so production
// runs plain JavaScript with no TypeScript loader. Bundled, not compiled file by file: resolving and
// loading the ~1,500 files of the server's dependencies one module at a time was most of a cold start
// (bench/cold-start.ts). Types are checked by `npm run typecheck`, not here: a type error in a test must
// not stop `npm install` from producing a runnable server.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const dist = path.join(root, "dist");

/**
 * Loaded from node_modules at run time, not bundled: native code (better-sqlite3), Prisma's generated
 * clients and their runtime, which read their WebAssembly query compiler from beside themselves, and
 * Prisma's CLI, spawned by `migrate`. pino resolves its worker-thread transports by file name.
 */
const EXTERNAL = ["better-sqlite3", "@prisma/client", "@prisma/adapter-better-sqlite3", "prisma", "pino"];

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
await build({
  absWorkingDir: root,
  entryPoints: { "cli/index": "src/cli/index.ts" },
  outdir: dist,
  bundle: true,
  // Each lazily imported command and the server are chunks of their own, loaded when used.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "node",
  target: "node20",
  external: EXTERNAL,
  define: { "globalThis.STATUS_ATLAS_BUILD_ID": JSON.stringify(buildIdOf(inputs())) },
  // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins.
  banner: { js: 'import { createRequire as __statusAtlasRequire } from "node:module"; const require = __statusAtlasRequire(import.meta.url);' },
  // Whitespace and syntax only: identifiers keep their names, so stack traces stay readable, while the
  // files V8 reads and parses at start-up shrink by half.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: "linked",
  legalComments: "linked",
  logLevel: "warning",
});
// bin/status-atlas.js runs dist/ only when this stamp is newer than every file in src/.
writeFileSync(path.join(dist, ".built"), "");
