// Whether dist/ was built from the sources as they are: its stamp is newer than every file in src/.
// bin/status-atlas.js runs dist/ only then; tests ask it too, to know which they are running.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** "current", "stale" (built, but src/ changed since) or "missing". */
export function distState(root) {
  const stamp = path.join(root, "dist", ".built");
  if (!existsSync(stamp)) return "missing";
  return statSync(stamp).mtimeMs >= newestSource(path.join(root, "src")) ? "current" : "stale";
}
