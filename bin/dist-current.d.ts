/** Whether dist/ was built from the sources as they are (bin/dist-current.js). */
export function distState(root: string): "current" | "stale" | "missing";
