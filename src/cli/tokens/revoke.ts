// `status-atlas tokens revoke --name ana`: the token stops working at once (every request looks it up).
import { defineCommand } from "citty";
import { listTokens, revokeToken } from "../../auth/store.ts";
import { nearest } from "../../content/text.ts";
import { database } from "../../database.ts";
import { CliError } from "../errors.ts";

export default defineCommand({
  meta: { name: "revoke", description: "Revoke an API token by name; it is refused from the next request on" },
  args: {
    name: { type: "string", required: true, description: "the token's name, as `tokens list` shows it" },
  },
  async run({ args }) {
    const db = database();
    try {
      if (!(await revokeToken(db.prisma, args.name, new Date()))) {
        const suggestion = nearest(args.name, (await listTokens(db.prisma)).map((t) => t.name), 3);
        throw new CliError(`No token named "${args.name}"${suggestion ? `: did you mean ${suggestion}?` : ""} (see \`status-atlas tokens list\`).`);
      }
      console.log(`Revoked token "${args.name}": requests sending it now get 401.`);
    } finally {
      await db.close();
    }
  },
});
