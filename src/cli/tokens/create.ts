// `status-atlas tokens create --name ana --role translator --locale vi`: stores a new token's hash and
// prints the token, the only time it is ever shown. The checks are src/auth/issue.ts's, shared with
// GraphQL's createToken.
import { defineCommand } from "citty";
import { checkTokenRequest, issueToken } from "../../auth/issue.ts";
import { ROLES } from "../../auth/roles.ts";
import { database } from "../../database.ts";
import { CliError } from "../errors.ts";

const FLAGS = { name: "--name", role: "--role", locales: "--locale" } as const;
const CLI_WORDING = { example: "e.g. --locale vi", leaveOut: "leave --locale out" };

/** Every `--locale` given, repeated or comma-separated: citty keeps only the last of a repeated flag. */
export function localesOf(rawArgs: readonly string[]): string[] {
  const values: string[] = [];
  rawArgs.forEach((arg, i) => {
    if (arg === "--locale") values.push(rawArgs[i + 1] ?? "");
    else if (arg.startsWith("--locale=")) values.push(arg.slice("--locale=".length));
  });
  return [
    ...new Set(
      values
        .flatMap((value) => value.split(","))
        .map((locale) => locale.trim())
        .filter(Boolean),
    ),
  ];
}

export default defineCommand({
  meta: { name: "create", description: "Create an API token and print it (once: only its hash is stored)" },
  args: {
    name: { type: "string", required: true, description: "who or what uses the token, unique, e.g. ana or ci-export" },
    role: { type: "string", required: true, description: `one of ${ROLES.join(", ")}` },
    locale: {
      type: "string",
      description: "a locale the translator or reviewer works in; repeat or comma-separate for several",
    },
  },
  async run({ args, rawArgs }) {
    const request = { name: args.name, role: args.role, locales: localesOf(rawArgs) };
    // Command-line mistakes (exit 2) are found before the database is opened.
    const problem = checkTokenRequest(request, CLI_WORDING);
    if (problem) throw CliError.usage(`${FLAGS[problem.field]}: ${problem.message}`);
    const db = database();
    try {
      const known = (await db.prisma.locale.findMany({ select: { code: true }, orderBy: { position: "asc" } })).map(
        (l) => l.code,
      );
      const issued = await issueToken(db.prisma, request, known);
      if (!issued.ok) {
        const hint = issued.code === "CONFLICT" ? ` (\`status-atlas tokens revoke --name ${args.name}\`)` : "";
        throw new CliError(`${issued.field === "name" ? "" : `${FLAGS[issued.field]}: `}${issued.message}${hint}`);
      }
      const { token, summary } = issued;
      const scope = summary.locales.length ? ` for ${summary.locales.join(", ")}` : "";
      console.error(
        `Created ${summary.role} token "${summary.name}"${scope}. It is shown this once and cannot be recovered; send it as \`Authorization: Bearer <token>\`:`,
      );
      // Alone on stdout, so `tokens create … > file` or a pipe captures exactly the token.
      console.log(token);
    } finally {
      await db.close();
    }
  },
});
