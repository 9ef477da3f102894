// The documentation as a newcomer meets it: a README short enough to read, by role, whose contents and
// links lead somewhere; docs whose links resolve; nothing pointing outside the repository; every command
// listed; and CI running the test command the README gives.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const DOCUMENTS = [
  "README.md",
  "CONTRIBUTING.md",
  "AGENTS.md",
  "bench/README.md",
  ...readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const readme = read("README.md");

/** Markdown outside fenced code blocks: links and headings in code are not links and headings. */
const prose = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, "");

/** The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    anchors.add(count ? `${slug}-${count}` : slug);
    seen.set(slug, count + 1);
  }
  return anchors;
}

/** Every relative link target (file and anchor) in a document. */
function relativeLinks(markdown: string): { target: string; anchor: string | undefined }[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((href) => !/^[a-z]+:/i.test(href))
    .map((href) => {
      const [target, anchor] = href.split("#", 2) as [string, string | undefined];
      return { target, anchor };
    });
}

describe("README.md", () => {
  it("is at most 350 lines", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(350);
  });

  it("has a table of contents whose every entry is a heading of the README", () => {
    const contents = readme.slice(
      readme.indexOf("## Contents"),
      readme.indexOf("\n## ", readme.indexOf("## Contents") + 1),
    );
    const entries = [...contents.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(entries.length).toBeGreaterThanOrEqual(6);
    const anchors = anchorsOf(readme);
    for (const entry of entries) expect(anchors, `#${entry}`).toContain(entry);
  });

  it("says where to start for each role, keeps a Benchmarks section, and links the translators' guide", () => {
    for (const role of ["Frontend developer", "Editor", "Translator", "Operator"])
      expect(readme).toMatch(new RegExp(`^### ${role}$`, "m"));
    expect(readme).toMatch(/^## Benchmarks$/m);
    expect(readme).toContain("](docs/translators.md)");
    expect(readme).toContain("](bench/README.md)");
  });

  it("shows a few screenshots, each in the repository and described in words", () => {
    const images = [...readme.matchAll(/!\[([^\]]*)\]\(([^)]+)\)/g)].map((m) => ({ alt: m[1]!, file: m[2]! }));
    expect(images.length).toBeGreaterThan(0);
    expect(images.length).toBeLessThanOrEqual(4);
    for (const { alt, file } of images) {
      expect(existsSync(path.join(ROOT, file)), file).toBe(true);
      expect(alt.split(" ").length, file).toBeGreaterThan(3);
    }
  });

  it("lists every npm script and every CLI command", () => {
    const { scripts } = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
    for (const script of Object.keys(scripts).filter((name) => name !== "postinstall")) {
      const spelled = script === "start" || script === "test" ? `\`npm ${script}\`` : `\`npm run ${script}`;
      expect(readme, script).toContain(spelled);
    }
    const commands = [...read("src/cli/index.ts").matchAll(/^ {4}([a-z]+): \(\) => import\(/gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThanOrEqual(8);
    const table = readme.slice(readme.indexOf("| `npx status-atlas …` |"));
    for (const command of commands) expect(table, command).toMatch(new RegExp(`^\\| \`${command}[ \`\\\\]`, "m"));
  });

  it("gives the test command .ci/run runs", () => {
    expect(readme).toContain("Tests: `npm test`.");
    expect(read(".ci/run")).toMatch(/^npm test$/m);
  });
});

describe("the documentation", () => {
  it("leaves AGENTS.md a short pointer to docs/architecture.md", () => {
    const agents = read("AGENTS.md").trim().split("\n");
    expect(agents.length).toBeLessThanOrEqual(3);
    expect(agents.join("\n")).toContain("docs/architecture.md");
  });

  for (const document of DOCUMENTS) {
    it(`${document}: every relative link leads to a file of the repository, and to a heading there`, () => {
      const text = read(document);
      for (const { target, anchor } of relativeLinks(text)) {
        const file =
          target === "" ? document : path.posix.normalize(path.posix.join(path.posix.dirname(document), target));
        expect(file.startsWith(".."), `${document} links outside the repository: ${target}`).toBe(false);
        expect(existsSync(path.join(ROOT, file)), `${document} → ${target}`).toBe(true);
        if (anchor && file.endsWith(".md"))
          expect(anchorsOf(read(file)), `${document} → ${target}#${anchor}`).toContain(anchor);
      }
    });

    it(`${document}: refers to nothing outside the repository`, () => {
      const text = read(document);
      expect(text).not.toMatch(/STYLE\.md|\.\.\/shared|\/work\//);
    });
  }
});
