// `status-atlas tokens create --name ana --role translator --locale vi`: stores a new token's hash and
// prints the token, the only time it is ever shown.
import { defineCommand } from "citty";
import { LOCALE_SCOPED_ROLES, ROLES, type Role } from "../../auth/roles.ts";
import { createToken, findTokenByName } from "../../auth/store.ts";
import { nearest } from "../../content/text.ts";
import { database } from "../../database.ts";
import { SOURCE_LOCALE } from "../../content/format.ts";
import { CliError } from "../errors.ts";

/** A name for logs and `tokens list`: a person or a system, in characters no shell or log line mangles. */
const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** Every `--locale` given, repeated or comma-separated: citty keeps only the last of a repeated flag. */
export function localesOf(rawArgs: readonly string[]): string[] {
  const values: string[] = [];
  rawArgs.forEach((arg, i) => {
    if (arg === "--locale") values.push(rawArgs[i + 1] ?? "");
    else if (arg.startsWith("--locale=")) values.push(arg.slice("--locale=".length));
  });
  return [...new Set(values.flatMap((value) => value.split(",")).map((locale) => locale.trim()).filter(Boolean))];
}

/** The command-line mistakes (exit 2): checked before the database is opened. */
function usageProblem(name: string, role: string, locales: readonly string[]): string | null {
  if (!TOKEN_NAME.test(name)) return `--name: "${name}" is not a token name (letters, digits, . _ @ -, at most 64, starting with a letter or digit)`;
  if (!(ROLES as readonly string[]).includes(role)) {
    const suggestion = nearest(role.toLowerCase(), ROLES, 3);
    return `--role: unknown role "${role}"${suggestion ? `: did you mean ${suggestion}?` : ""} (roles: ${ROLES.join(", ")})`;
  }
  const scoped = LOCALE_SCOPED_ROLES.includes(role as Role);
  if (scoped && locales.length === 0) return `--locale: a ${role} works in the locales the token names; give at least one, e.g. --locale vi`;
  if (!scoped && locales.length > 0) return `--locale: an ${role} token is not limited to locales; leave --locale out`;
  return null;
}

export default defineCommand({
  meta: { name: "create", description: "Create an API token and print it (once: only its hash is stored)" },
  args: {
    name: { type: "string", required: true, description: "who or what uses the token, unique, e.g. ana or ci-export" },
    role: { type: "string", required: true, description: `one of ${ROLES.join(", ")}` },
    locale: { type: "string", description: "a locale the translator or reviewer works in; repeat or comma-separate for several" },
  },
  async run({ args, rawArgs }) {
    const locales = localesOf(rawArgs);
    const problem = usageProblem(args.name, args.role, locales);
    if (problem) throw CliError.usage(problem);
    const db = database();
    try {
      const known = (await db.prisma.locale.findMany({ select: { code: true }, orderBy: { position: "asc" } })).map((l) => l.code).filter((code) => code !== SOURCE_LOCALE);
      for (const locale of locales) {
        if (known.includes(locale)) continue;
        const suggestion = locale === SOURCE_LOCALE ? undefined : nearest(locale.toLowerCase(), known, 2);
        const why = locale === SOURCE_LOCALE ? `"${SOURCE_LOCALE}" is the source locale: English is changed with an editor token` : `unknown locale "${locale}"${suggestion ? `: did you mean ${suggestion}?` : ""}`;
        throw new CliError(`--locale: ${why} (locales in the database: ${known.join(", ") || "none; run status-atlas import first"})`);
      }
      if (await findTokenByName(db.prisma, args.name)) throw new CliError(`A token named "${args.name}" already exists: pick another --name, or revoke it first with \`status-atlas tokens revoke --name ${args.name}\`.`);
      const { token, summary } = await createToken(db.prisma, { name: args.name, role: args.role as Role, locales });
      const scope = summary.locales.length ? ` for ${summary.locales.join(", ")}` : "";
      console.error(`Created ${summary.role} token "${summary.name}"${scope}. It is shown this once and cannot be recovered; send it as \`Authorization: Bearer <token>\`:`);
      // Alone on stdout, so `tokens create … > file` or a pipe captures exactly the token.
      console.log(token);
    } finally {
      await db.close();
    }
  },
});
