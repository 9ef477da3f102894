// The status-atlas command: subcommands are loaded lazily, one file each.
import { defineCommand, renderUsage, runCommand, type CommandDef } from "citty";
import { CliError } from "./errors.ts";

export const main = defineCommand({
  meta: { name: "status-atlas", description: "Status Atlas: HTTP status code content service" },
  subCommands: {
    start: () => import("./start.ts").then((m) => m.default),
    import: () => import("./import.ts").then((m) => m.default),
    check: () => import("./check.ts").then((m) => m.default),
    migrate: () => import("./migrate.ts").then((m) => m.default),
    translations: () => import("./translations/index.ts").then((m) => m.default),
  },
});

/** Runs the CLI on raw argv and returns the exit status; tests call this directly. */
export async function runCli(rawArgs: string[], command: CommandDef = main as CommandDef): Promise<number> {
  if (rawArgs.length === 0 || rawArgs.includes("--help") || rawArgs.includes("-h")) {
    const usage = await usageFor(command, rawArgs.filter((a) => !a.startsWith("-")));
    console.log(usage);
    return rawArgs.length === 0 ? 1 : 0;
  }
  try {
    await runCommand(command, { rawArgs });
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      console.error(error.message);
      return error.exitCode;
    }
    // citty reports unknown subcommands and missing arguments with its own error class.
    if (error instanceof Error && error.name === "CLIError") {
      console.error(`${error.message}\n\n${await usageFor(command, rawArgs.filter((a) => !a.startsWith("-")))}`);
      return 1;
    }
    throw error;
  }
}

async function usageFor(command: CommandDef, path: string[]): Promise<string> {
  let current: CommandDef = command;
  let parent: CommandDef | undefined;
  for (const name of path) {
    const subs = typeof current.subCommands === "function" ? await current.subCommands() : await current.subCommands;
    const next = subs?.[name];
    if (!next) break;
    parent = current;
    current = (typeof next === "function" ? await next() : await next) as CommandDef;
  }
  return renderUsage(current, parent);
}
