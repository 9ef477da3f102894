// How TypeScript becomes what production runs: one esbuild bundle, used by `npm run build` (scripts/build.ts)
// for dist/ and by `npm run bench` for its servers (bench/run.ts), so the bench measures the code as
// production runs it rather than as tsx transforms it (tsx names every closure it creates, at a cost).
import path from "node:path";
import { build, type BuildOptions } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");

/**
 * Loaded from node_modules at run time, not bundled: native code (better-sqlite3), Prisma's generated
 * clients and their runtime, which read their WebAssembly query compiler from beside themselves, and
 * Prisma's CLI, spawned by `migrate`. pino resolves its worker-thread transports by file name.
 */
const EXTERNAL = ["better-sqlite3", "@prisma/client", "@prisma/adapter-better-sqlite3", "prisma", "pino"];

/** Bundles `entryPoints` (paths relative to the project) into `outdir`, which must lie inside the project so the externals resolve. */
export async function bundle(options: Required<Pick<BuildOptions, "entryPoints" | "outdir">> & Pick<BuildOptions, "define">): Promise<void> {
  await build({
    absWorkingDir: root,
    ...options,
    bundle: true,
    // Each lazily imported command and the server are chunks of their own, loaded when used.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    format: "esm",
    platform: "node",
    target: "node20",
    external: EXTERNAL,
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
}
