// The termbases that hold API edits are read through the importer's own parse and check (src/pipeline/termbase.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadTermbases } from "../../src/pipeline/termbase.ts";

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function folder(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(tmpdir(), "status-atlas-termbase-"));
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), text);
  }
  return dir;
}

describe("loadTermbases", () => {
  it("reads every locale's termbase, or only the locales asked for", async () => {
    const content = folder({
      "glossary/vi.yaml": "- term: server\n  use: server\n  avoid: [máy chủ]\n",
      "glossary/fr.yaml": "- term: server\n  use: serveur\n",
    });
    expect((await loadTermbases(content)).glossaries.map((g) => g.locale)).toEqual(["fr", "vi"]);
    const vi = await loadTermbases(content, ["vi"]);
    expect(vi).toEqual({
      glossaries: [
        { locale: "vi", file: "glossary/vi.yaml", entries: [{ term: "server", use: "server", avoid: ["máy chủ"] }] },
      ],
      problems: [],
    });
  });

  it("leaves out a termbase the importer would refuse, naming its file, line and field as an import does", async () => {
    const content = folder({
      "glossary/vi.yaml": "- term: server\n  use: server\n- term: response\n  avoid: [phản hồi]\n",
      "glossary/fr.yaml": "- term: server\n  use: serveur\n",
      "glossary/de.yaml": "- term: [unclosed\n",
    });
    const { glossaries, problems } = await loadTermbases(content);
    expect(glossaries.map((g) => g.locale)).toEqual(["fr"]);
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual(
      expect.stringMatching(/^glossary\/vi\.yaml:3 1\.use: .* API edits are not held to this termbase$/),
    );
    expect(problems).toContainEqual(expect.stringMatching(/^glossary\/de\.yaml:\d+ /));
  });

  it("finds nothing to hold edits to in a folder without termbases", async () => {
    expect(await loadTermbases(folder({ "locales.yaml": "- code: en\n" }))).toEqual({ glossaries: [], problems: [] });
  });
});
