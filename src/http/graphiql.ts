// GraphiQL from the installed @graphql-yoga/render-graphiql instead of Yoga's default page, which loads its
// code from a CDN and is blank offline. That package's page inlines the editor, its web workers and its CSS
// (about 9 MB), so the browser fetches nothing but /graphql itself.
import type { GraphiQLOptions } from "graphql-yoga";

const pages = new Map<string, Promise<string>>();

/**
 * Yoga's `renderGraphiQL`. The package is imported on first use, not at start-up (importing it takes about
 * a second here), and each page is rendered once (about 100 ms) and then served from memory.
 */
export function renderLocalGraphiQL(options: GraphiQLOptions): Promise<string> {
  const key = JSON.stringify(options);
  let page = pages.get(key);
  if (!page) {
    page = import("@graphql-yoga/render-graphiql").then(({ renderGraphiQL }) => renderGraphiQL(options));
    // A failed render is not remembered, so the next request tries again.
    page.catch(() => pages.delete(key));
    pages.set(key, page);
  }
  return page;
}
