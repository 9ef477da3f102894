// The status-atlas command: subcommands are loaded lazily, one file each. Flags are checked here, once
// for every command, against the `args` each command declares: a new flag needs no extra work.
import { readFileSync } from "node:fs";
import path from "node:path";
import { defineCommand, renderUsage, runCommand, type ArgsDef, type CommandDef } from "citty";
import { nearest } from "../content/text.ts";
import { projectRoot } from "../paths.ts";
import { CliError, EXIT } from "./errors.ts";
import { DatabaseStartError } from "../db/faults.ts";

const { version } = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { version: string };

export const main = defineCommand({
  meta: { name: "status-atlas", version, description: "Status Atlas: HTTP status code content service" },
  subCommands: {
    start: () => import("./start.ts").then((m) => m.default),
    import: () => import("./import.ts").then((m) => m.default),
    check: () => import("./check.ts").then((m) => m.default),
    export: () => import("./export.ts").then((m) => m.default),
    migrate: () => import("./migrate.ts").then((m) => m.default),
    translations: () => import("./translations/index.ts").then((m) => m.default),
    tokens: () => import("./tokens/index.ts").then((m) => m.default),
    webhooks: () => import("./webhooks/index.ts").then((m) => m.default),
  },
});

type Resolved = { command: CommandDef; names: string[] };

const resolve = async <T>(value: T | Promise<T> | (() => T | Promise<T>)): Promise<T> =>
  typeof value === "function" ? (value as () => T)() : value;

/** The command `rawArgs` names, with the path of names leading to it ("status-atlas translations export"). */
async function resolveCommand(
  root: CommandDef,
  rawArgs: string[],
): Promise<Resolved & { flagsOf: { command: CommandDef; args: string[] }[] }> {
  let command = root;
  const names = [String((await resolve(root.meta))?.name ?? "status-atlas")];
  const flagsOf = [{ command, args: [] as string[] }];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === "--") break;
    const argsDef = (await resolve(command.args)) ?? {};
    if (arg.startsWith("-") && arg !== "-") {
      flagsOf.at(-1)!.args.push(arg);
      // A string flag's value is the next word unless given as --flag=value.
      const def = argsDef[flagName(arg)];
      if (!arg.includes("=") && def && (def.type === "string" || def.type === "enum")) i++;
      continue;
    }
    const subCommands = await resolve(command.subCommands);
    const next = subCommands?.[arg];
    if (!next) continue;
    command = (await resolve(next)) as CommandDef;
    names.push(arg);
    flagsOf.push({ command, args: [] });
  }
  return { command, names, flagsOf };
}

const flagName = (arg: string) => arg.replace(/^--?/, "").split("=", 1)[0]!;

/** Every spelling a command accepts: its args, their aliases and, for booleans, --no-<name>. */
function acceptedFlags(argsDef: ArgsDef): string[] {
  const accepted = ["help", "h"];
  for (const [name, def] of Object.entries(argsDef)) {
    if (def.type === "positional") continue;
    const alias = "alias" in def ? def.alias : undefined;
    const aliases = alias === undefined ? [] : Array.isArray(alias) ? alias : [alias];
    // citty also accepts the camelCase spelling of a kebab-case flag (--dryRun for --dry-run).
    accepted.push(
      name,
      name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
      ...aliases,
    );
    if (def.type === "boolean") accepted.push(`no-${name}`);
  }
  return accepted;
}

/** Flags the command does not declare: `import --dryrun` must not become a real import. */
async function unknownFlagProblem(resolved: Awaited<ReturnType<typeof resolveCommand>>): Promise<string | undefined> {
  for (const { command, args } of resolved.flagsOf) {
    const accepted = acceptedFlags((await resolve(command.args)) ?? {});
    for (const arg of args) {
      const name = flagName(arg);
      if (accepted.includes(name)) continue;
      const suggestion = nearest(
        name,
        accepted.filter((a) => a.length > 1),
        3,
      );
      const where = resolved.names.slice(0, resolved.flagsOf.findIndex((f) => f.command === command) + 1).join(" ");
      return `Unknown option ${arg.split("=", 1)[0]} for ${where}${suggestion ? `: did you mean --${suggestion}?` : ""}`;
    }
  }
  return undefined;
}

/** Usage with the full command path, so `translations export --help` shows "status-atlas translations export". */
async function usageOf(resolved: Resolved): Promise<string> {
  const parent =
    resolved.names.length > 1
      ? defineCommand({ meta: { name: resolved.names.slice(0, -1).join(" "), version } })
      : undefined;
  return renderUsage(resolved.command, parent as CommandDef | undefined);
}

/** The problems of src/env.ts's EnvironmentError, or undefined for any other error. */
export function environmentProblems(error: unknown): readonly string[] | undefined {
  const candidate = error as { code?: unknown; problems?: unknown } | null;
  return candidate?.code === "INVALID_ENVIRONMENT" && Array.isArray(candidate.problems)
    ? (candidate.problems as string[])
    : undefined;
}

/** Runs the CLI on raw argv and returns the exit status; tests call this directly. */
export async function runCli(rawArgs: string[], command: CommandDef = main as CommandDef): Promise<number> {
  if (rawArgs.length === 1 && (rawArgs[0] === "--version" || rawArgs[0] === "-v")) {
    console.log(version);
    return EXIT.ok;
  }
  let resolved: Awaited<ReturnType<typeof resolveCommand>> | undefined;
  try {
    // Resolving loads the command's module, and with it src/env.ts: inside the try, so a bad environment is reported below.
    resolved = await resolveCommand(command, rawArgs);
    if (rawArgs.length === 0 || rawArgs.includes("--help") || rawArgs.includes("-h")) {
      console.log(await usageOf(resolved));
      return rawArgs.length === 0 ? EXIT.usage : EXIT.ok;
    }
    const unknown = await unknownFlagProblem(resolved);
    if (unknown) throw CliError.usage(unknown);
    await runCommand(command, { rawArgs });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) {
      console.error(
        error.exitCode === EXIT.usage && resolved ? `${error.message}\n\n${await usageOf(resolved)}` : error.message,
      );
      return error.exitCode;
    }
    // src/env.ts refused the environment when a command's module loaded it: one line per variable, exit 2.
    // Matched by code, not class: importing env.ts here would parse the environment before --help could run.
    const problems = environmentProblems(error);
    if (problems) {
      for (const problem of problems) console.error(`status-atlas: invalid environment: ${problem}`);
      return EXIT.usage;
    }
    // A database the process cannot use (read-only, say): its one line says which file and why; a stack would not.
    if (error instanceof DatabaseStartError) {
      console.error(error.message);
      return EXIT.input;
    }
    // citty reports unknown subcommands, missing arguments and bad enum values with its own error class.
    if (error instanceof Error && error.name === "CLIError") {
      console.error(resolved ? `${error.message}\n\n${await usageOf(resolved)}` : error.message);
      return EXIT.usage;
    }
    throw error;
  }
}
