// The unit page's rendered Markdown: the constructs content files use, every piece of text escaped, and
// no link that could run script. Pure: no database.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/workbench/markdown.ts";

const render = (markdown: string) => renderMarkdown(markdown).text;

describe("renderMarkdown", () => {
  it("renders headings below the page's own (# → h4), paragraphs, lists and fenced code", () => {
    const out = render(
      "## What the spec says\n\nFirst line\ncontinues here.\n\n- one\n- two\n  still two\n\n1. first\n2. second\n\n```http\nGET / HTTP/1.1\n```",
    );
    expect(out).toContain("<h5>What the spec says</h5>");
    expect(out).toContain("<p>First line continues here.</p>");
    expect(out).toContain("<ul><li>one</li><li>two still two</li></ul>");
    expect(out).toContain("<ol><li>first</li><li>second</li></ol>");
    expect(out).toContain('<pre><code data-lang="http">GET / HTTP/1.1</code></pre>');
  });

  it("renders inline code, strong, emphasis and web links, and a pipe table with header cells", () => {
    expect(render("Send **`Allow`** with *every* 405, see [RFC 9110](https://www.rfc-editor.org/rfc/rfc9110).")).toBe(
      '<p>Send <strong><code>Allow</code></strong> with <em>every</em> 405, see <a href="https://www.rfc-editor.org/rfc/rfc9110">RFC 9110</a>.</p>\n',
    );
    const table = render("| Code | Meaning |\n| --- | --- |\n| 521 | `down` |\n| 522 |");
    expect(table).toBe(
      '<table><thead><tr><th scope="col">Code</th><th scope="col">Meaning</th></tr></thead><tbody><tr><td>521</td><td><code>down</code></td></tr><tr><td>522</td><td></td></tr></tbody></table>\n',
    );
  });

  it("escapes every piece of text and links nothing but web, mail and relative targets", () => {
    const out = render(
      '<script>alert(1)</script> & "q"\n\n```\n</code><img src=x onerror=alert(1)>\n```\n\n[click](javascript:alert(1)) [data](data:text/html,x) [ok](/workbench/)\n\n# <b>x</b>',
    );
    expect(out).not.toMatch(/<script|<img|<b>|href="javascript|href="data/);
    expect(out).toContain("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;</p>");
    expect(out).toContain("&lt;/code&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(out).toContain('<p>click data <a href="/workbench/">ok</a></p>');
    expect(out).toContain("<h4>&lt;b&gt;x&lt;/b&gt;</h4>");
  });

  it("renders every English code file of the seeds with its headings, tables and code blocks balanced", () => {
    const dir = path.resolve(import.meta.dirname, "../../seeds/codes/en");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".md"))) {
      const body = readFileSync(path.join(dir, file), "utf8").split(/^---$/m).slice(2).join("---");
      const out = render(body);
      for (const tag of ["p", "pre", "table", "ul", "ol", "h5", "strong", "em", "code", "a"]) {
        expect(out.split(`<${tag}>`).length + out.split(`<${tag} `).length - 1, `${file}: <${tag}> balanced`).toBe(
          out.split(`</${tag}>`).length,
        );
      }
      expect((body.match(/^```/gm) ?? []).length / 2, file).toBe((out.match(/<pre>/g) ?? []).length);
    }
  });
});
