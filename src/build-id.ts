// Which build of Status Atlas is running. scripts/build.ts writes it into dist/ as a hash of the sources
// and locked dependencies it bundled; running the TypeScript sources (tsx, vitest) there is none, because
// those sources may change at any moment.
declare global {
  // Replaced by its value when bundled (esbuild `define`); never assigned at run time.
  var STATUS_ATLAS_BUILD_ID: string | undefined;
}

export const buildId: string | undefined = globalThis.STATUS_ATLAS_BUILD_ID;
