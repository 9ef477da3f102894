// The workbench's browser assets: the island script and the style sheet that `npm run build` bundles with
// esbuild into dist/workbench/ under content-hashed names (scripts/bundle.ts, bundleWorkbenchAssets), with
// a manifest naming the entry files. A hashed name never changes content, so it is cached for a year as
// immutable (RFC 9111 §5.2.2; RFC 8246); a new build has new names.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../paths.ts";

export type WorkbenchAssets = {
  /** By file name (e.g. "workbench-3F2K1A.js"): what /workbench/assets/<name> serves. */
  files: ReadonlyMap<string, { body: Uint8Array; contentType: string }>;
  /** Public URLs of the entry script and style sheet; null when the build made none. */
  script: string | null;
  style: string | null;
};

export const ASSET_PREFIX = "/workbench/assets/";
export const MANIFEST = "manifest.json";
export const WORKBENCH_ASSETS_DIR = path.join(projectRoot, "dist", "workbench");

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

export const NO_ASSETS: WorkbenchAssets = { files: new Map(), script: null, style: null };

/** Assets from memory (a build with write: false): file name → bytes, and the manifest's entry names. */
export function assetsFrom(
  files: { name: string; body: Uint8Array }[],
  manifest: { script?: string; style?: string },
): WorkbenchAssets {
  return {
    files: new Map(
      files.map((f) => [
        f.name,
        { body: f.body, contentType: CONTENT_TYPES[path.extname(f.name)] ?? "application/octet-stream" },
      ]),
    ),
    script: manifest.script ? ASSET_PREFIX + manifest.script : null,
    style: manifest.style ? ASSET_PREFIX + manifest.style : null,
  };
}

/**
 * The built assets, or none when this checkout was not built: the pages still work, as they do without
 * JavaScript (the caller logs that the island is missing).
 */
export function loadWorkbenchAssets(dir = WORKBENCH_ASSETS_DIR): WorkbenchAssets {
  const manifestPath = path.join(dir, MANIFEST);
  if (!existsSync(manifestPath)) return NO_ASSETS;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { script?: string; style?: string };
  const files = readdirSync(dir)
    .filter((name) => name !== MANIFEST)
    .map((name) => ({ name, body: readFileSync(path.join(dir, name)) }));
  return assetsFrom(files, manifest);
}
