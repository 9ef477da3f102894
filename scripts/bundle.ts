// How TypeScript becomes what production runs: one esbuild bundle, used by `npm run build` (scripts/build.ts)
// for dist/ and by `npm run bench` for its servers (bench/run.ts), so the bench measures the code as
// production runs it rather than as tsx transforms it (tsx names every closure it creates, at a cost).
import { writeFileSync } from "node:fs";
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
export async function bundle(
  options: Required<Pick<BuildOptions, "entryPoints" | "outdir">> & Pick<BuildOptions, "define">,
): Promise<void> {
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
    banner: {
      js: 'import { createRequire as __statusAtlasRequire } from "node:module"; const require = __statusAtlasRequire(import.meta.url);',
    },
    // Whitespace and syntax only: identifiers keep their names, so stack traces stay readable, while the
    // files V8 reads and parses at start-up shrink by half.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: "linked",
    legalComments: "linked",
    logLevel: "warning",
  });
}

/** The workbench's browser entry points (src/workbench/islands/): one script, one style sheet. */
const WORKBENCH_ENTRIES = ["src/workbench/islands/workbench.ts", "src/workbench/islands/workbench.css"];

/**
 * Bundles the workbench's island and style sheet for browsers, under content-hashed names, with a manifest
 * naming the entry files (src/workbench/assets.ts serves them). Written to `outdir` by `npm run build`;
 * held in memory (`outdir` null) by tests, which serve them as the server would.
 */
export async function bundleWorkbenchAssets(outdir: string | null): Promise<{
  files: { name: string; body: Uint8Array }[];
  manifest: { script?: string; style?: string };
  inputs: string[];
}> {
  const out = outdir ?? path.join(root, "dist", "workbench");
  const result = await build({
    absWorkingDir: root,
    entryPoints: WORKBENCH_ENTRIES,
    outdir: out,
    entryNames: "[name]-[hash]",
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["chrome120", "firefox120", "safari17"],
    minify: true,
    // No source maps or licence files beside them: what is sent is what counts toward the island budget.
    legalComments: "none",
    metafile: true,
    write: outdir !== null,
    logLevel: "warning",
  });
  // Written files are on disk; only an in-memory build hands its bytes back.
  const files = (result.outputFiles ?? []).map((file) => ({
    name: path.basename(file.path),
    body: file.contents as Uint8Array,
  }));
  const manifest: { script?: string; style?: string } = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!output.entryPoint) continue;
    if (file.endsWith(".js")) manifest.script = path.basename(file);
    if (file.endsWith(".css")) manifest.style = path.basename(file);
  }
  if (outdir !== null) writeFileSync(path.join(outdir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  // The source files the island was made from: a test checks the live checks are the server's own modules.
  return { files, manifest, inputs: Object.keys(result.metafile.inputs) };
}
