// `status-atlas tokens revoke --name ana`: the token stops working at once (every request looks it up).
import { defineCommand } from "citty";
import { revokeTokenNamed } from "../../auth/issue.ts";
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
      const revoked = await revokeTokenNamed(db.prisma, args.name, new Date());
      if (!revoked.ok) throw new CliError(`${revoked.message} (see \`status-atlas tokens list\`)`);
      console.log(`Revoked token "${args.name}": requests sending it now get 401.`);
    } finally {
      await db.close();
    }
  },
});
