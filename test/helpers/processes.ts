// Real server processes for tests that need more than yoga.fetch: replicas, signals, sockets.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

export const CLI = path.resolve(import.meta.dirname, "../../bin/status-atlas.js");

export const runCli = (args: string[], env: Record<string, string>) =>
  promisify(execFile)(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });

export type ServerProcess = { child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> };

/** Starts `status-atlas start …` on a free port and resolves once it logs that it listens (at LOG_LEVEL info, whatever vitest sets). */
export async function startServer(
  args: string[],
  env: Record<string, string>,
  user: { uid?: number; gid?: number } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, "start", ...args], {
    ...user,
    env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /GraphQL at (http:\/\/localhost:\d+)\/graphql/.exec(output);
      if (match) return resolve(match[1]!.replace("localhost", "127.0.0.1"));
      if (child.exitCode !== null) return reject(new Error(`server exited with ${child.exitCode}:\n${output}`));
      setTimeout(check, 50);
    };
    check();
  });
  return { child, url, output: () => output, exited };
}

export async function graphql(url: string, query: string): Promise<any> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  return response.json();
}
