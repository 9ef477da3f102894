// Reads docker-compose.yml as Compose does (YAML merge keys included) and lists the status-atlas
// commands its services run.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const COMPOSE_FILE = path.join(ROOT, "docker-compose.yml");
const CLI = "bin/status-atlas.js";

type Service = {
  build?: unknown;
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
};

export function composeServices(): Record<string, Service> {
  return (parse(readFileSync(COMPOSE_FILE, "utf8"), { merge: true }) as { services: Record<string, Service> }).services;
}

/** `node bin/status-atlas.js …` invocations of a command, in order; anything else is returned as `other`. */
export function cliInvocations(command: string[] | string | undefined): { cli: string[][]; other: string[] } {
  if (command === undefined) return { cli: [], other: ["(the image's default command)"] };
  const words = typeof command === "string" ? ["sh", "-c", command] : command;
  // A shell line is a chain of simple commands joined by &&; `exec` keeps node as the process.
  const lines =
    words[0] === "sh" && words[1] === "-c"
      ? words[2]!.split("&&").map((l) =>
          l
            .trim()
            .replace(/^exec\s+/, "")
            .split(/\s+/),
        )
      : [words];
  const cli: string[][] = [];
  const other: string[] = [];
  for (const line of lines) {
    if (line[0] === "node" && line[1] === CLI) cli.push(line.slice(2));
    else other.push(line.join(" "));
  }
  return { cli, other };
}
