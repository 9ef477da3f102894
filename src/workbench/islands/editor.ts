// The editor pages' island (loaded with the workbench's script, a no-op elsewhere): each Markdown field's
// rendering follows what is typed (the server's own renderer, ../markdown.ts, bundled), and the live
// preview asks the server to render the typed values through the page's renderer (POST …/preview, the
// form's own fields and CSRF token) and shows the answer in place. Without it the Preview button does the same.
import { renderMarkdown } from "../markdown.ts";

const form = document.querySelector<HTMLFormElement>("#editor-form");

if (form) {
  for (const textarea of form.querySelectorAll<HTMLTextAreaElement>("textarea.markdown-source")) {
    const target = document.getElementById(`${textarea.id}-rendered`);
    const details = target?.closest("details");
    // The renderer escapes every piece of text it is given, so its markup may be set as it is.
    const render = () => {
      if (target && details?.open) target.innerHTML = renderMarkdown(textarea.value).text;
    };
    textarea.addEventListener("input", render);
    details?.addEventListener("toggle", render);
  }

  // In a conflict: theirs put in one field, the rest of what was typed kept; nothing is sent until the editor does.
  for (const button of form.querySelectorAll<HTMLButtonElement>("button.editor-use-theirs")) {
    const control = document.getElementById(button.dataset.control ?? "");
    if (
      !(
        control instanceof HTMLInputElement ||
        control instanceof HTMLTextAreaElement ||
        control instanceof HTMLSelectElement
      )
    )
      continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      control.value = button.dataset.theirs ?? "";
      control.dispatchEvent(new Event("input", { bubbles: true }));
      control.focus();
    });
  }

  const panes = document.getElementById("live-preview");
  const url = form.dataset.preview;
  const PREVIEW_DELAY_MS = 300;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: AbortController | undefined;
  /** One request at a time: a newer keystroke cancels the answer to an older one, so the preview never goes back. */
  const refresh = async () => {
    if (!panes || !url) return;
    pending?.abort();
    const controller = (pending = new AbortController());
    const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
    body.set("action", "preview");
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok || !response.headers.get("content-type")?.startsWith("text/html")) return;
      // Markup the server rendered from escaped values (the same template as the page's own panes).
      const markup = await response.text();
      if (!controller.signal.aborted) panes.innerHTML = markup;
    } catch {
      // An aborted or failed request leaves the last preview; the Preview button still works.
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), PREVIEW_DELAY_MS);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
}
