// The workbench's one island, loaded by every page as a module. On the unit page: live checks, the target's
// rendered Markdown as it is typed, keyboard shortcuts, "use theirs" in a conflict and the optional
// autosave. The page's core works without it (forms post to the server); the checks and the renderer are
// the server's own modules (../checks.ts, ../markdown.ts), bundled, not second implementations.
import type { GlossaryEntry } from "../../content/format.ts";
import { checkField } from "../checks.ts";
import { renderMarkdown } from "../markdown.ts";
// The editor pages' behaviour (Markdown renderings and the live preview as the user types): in this one bundle too.
import "./editor.ts";
// The admin pages' behaviour (copy buttons, a release's live progress): in this one bundle, as small as it is.
import "./admin.ts";

const form = document.querySelector<HTMLFormElement>("#unit-form");
const textareas = form ? [...form.querySelectorAll<HTMLTextAreaElement>("textarea[data-source]")] : [];
const glossary = form ? (JSON.parse(form.dataset.glossary ?? "[]") as GlossaryEntry[]) : [];
const kind = form?.dataset.kind ?? "";

/** Shows the problems of one field under it, as the server would list them after a save. */
function check(textarea: HTMLTextAreaElement): void {
  const problems = checkField({ kind, source: textarea.dataset.source ?? "", target: textarea.value }, glossary);
  const list = document.getElementById(`${textarea.id}-checks`);
  if (list)
    list.replaceChildren(
      ...problems.map((p) => Object.assign(document.createElement("li"), { textContent: p.message })),
    );
  if (problems.length) textarea.setAttribute("aria-invalid", "true");
  else textarea.removeAttribute("aria-invalid");
}
/**
 * Keeps a field's rendered Markdown (when the page offers it) in step with what is typed, with the server's
 * own renderer, whose output escapes every piece of text.
 */
function render(textarea: HTMLTextAreaElement): void {
  const target = document.getElementById(`${textarea.id}-rendered`);
  if (target?.closest("details")?.open) target.innerHTML = renderMarkdown(textarea.value).text;
}
for (const textarea of textareas) {
  textarea.addEventListener("input", () => {
    check(textarea);
    render(textarea);
  });
  document
    .getElementById(`${textarea.id}-rendered`)
    ?.closest("details")
    ?.addEventListener("toggle", () => render(textarea));
}

/**
 * In a conflict, "Use theirs in this field" puts their text in the field (the server-rendered page offers it
 * only to the island, which un-hides it); the rest of yours stays, and nothing is saved until the user saves.
 */
for (const button of document.querySelectorAll<HTMLButtonElement>("button.use-theirs")) {
  const textarea = document.getElementById(button.dataset.field ?? "");
  const theirs = document.getElementById(`${button.dataset.field}-theirs`);
  if (!(textarea instanceof HTMLTextAreaElement) || !theirs) continue;
  button.hidden = false;
  button.addEventListener("click", () => {
    textarea.value = theirs.textContent ?? "";
    textarea.dispatchEvent(new Event("input"));
    textarea.focus();
  });
}

const typed = () => textareas.some((t) => t.value !== t.defaultValue);

/** Moves to the previous or next unit; typed text is not saved, so the user confirms losing it. */
function go(rel: "prev" | "next"): void {
  const link = document.querySelector<HTMLAnchorElement>(`a[rel="${rel}"]`);
  if (!link) return;
  if (typed() && !window.confirm(form?.dataset.unsavedWarning ?? "Leave without saving?")) return;
  window.location.assign(link.href);
}

function submit(buttonId: string): void {
  const button = document.getElementById(buttonId);
  if (form && button instanceof HTMLButtonElement) form.requestSubmit(button);
}

const inField = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.matches("input, textarea, select") || target.isContentEditable);

/**
 * The comment form, posted in place: the new comment is added to the thread and whatever was typed in the
 * unit's fields stays (a posted form would leave the page). Refused, the comment stays in its box and the
 * reason is said; the server-rendered form still works without this.
 */
const commentForm = document.querySelector<HTMLFormElement>("#comment-form");
commentForm?.addEventListener("submit", (event) => {
  event.preventDefault();
  void postComment(commentForm);
});

async function postComment(commentForm: HTMLFormElement): Promise<void> {
  const box = commentForm.querySelector<HTMLTextAreaElement>("textarea[name=comment]")!;
  const status = commentForm.querySelector<HTMLElement>("#comment-status")!;
  const body = new URLSearchParams(new FormData(commentForm) as unknown as Record<string, string>);
  body.set("action", "comment");
  let answer: { added: boolean; comment?: { author: string; body: string; at: string }; message?: string };
  try {
    const response = await fetch(commentForm.getAttribute("action") ?? location.pathname, {
      method: "POST",
      body,
      headers: { accept: "application/json" },
      credentials: "same-origin",
    });
    answer = response.headers.get("content-type")?.startsWith("application/json")
      ? await response.json()
      : { added: false };
  } catch {
    answer = { added: false };
  }
  if (!answer.added || !answer.comment) {
    status.textContent = answer.message ?? status.dataset.failed ?? "";
    return;
  }
  const { author, body: text, at } = answer.comment;
  // The markup of pages.ts's commentItem, built with text nodes only.
  const time = Object.assign(document.createElement("time"), {
    dateTime: at,
    textContent: at.slice(0, 16).replace("T", " "),
  });
  const item = document.createElement("li");
  item.append(
    Object.assign(document.createElement("strong"), { textContent: author }),
    " ",
    time,
    ": ",
    Object.assign(document.createElement("span"), { className: "comment-body", textContent: text }),
  );
  document.querySelector("#comment-list")?.append(item);
  document.querySelector("#no-comments")?.remove();
  box.value = "";
  status.textContent = status.dataset.added ?? "";
  box.focus();
}

document.addEventListener("keydown", (event) => {
  // Ctrl+Enter in the comment box posts the comment, not the unit's draft.
  if (
    (event.ctrlKey || event.metaKey) &&
    event.key === "Enter" &&
    commentForm &&
    event.target instanceof Node &&
    commentForm.contains(event.target)
  ) {
    event.preventDefault();
    commentForm.requestSubmit();
  } else if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && form) {
    event.preventDefault();
    submit("save");
  } else if (event.altKey && event.key === "PageDown" && form) {
    event.preventDefault();
    // Save and next when something was typed; with nothing typed there is nothing to save, so just next.
    if (event.shiftKey || !typed()) go("next");
    else submit("save-next");
  } else if (event.altKey && event.key === "PageUp") {
    event.preventDefault();
    go("prev");
  } else if (event.key === "?" && !inField(event.target) && !event.ctrlKey && !event.altKey && !event.metaKey) {
    const help = document.querySelector<HTMLDetailsElement>("#shortcuts");
    if (!help) return;
    event.preventDefault();
    help.open = !help.open;
    help.querySelector("summary")?.focus();
  }
});

/**
 * Autosave, when the user turns it on (remembered in this browser): a few seconds after typing stops, the
 * form is saved with the revision the page holds. The server refuses it if the unit has a newer revision,
 * so autosave never overwrites anyone; it then stops and says so, and the typed text stays in the page.
 *
 * One save at a time, so autosave never races itself or the user: while one is out, the page's revision is
 * about to change, and a second save sent with it would be refused as a conflict with our own save (or,
 * the user's, answered with the conflict view against their own text). So a timer that fires meanwhile
 * waits for the answer and saves then, with the revision the answer brought; and the user's Save draft
 * (or Save and next) waits for it too, then posts the form with that revision.
 */
const AUTOSAVE_DELAY_MS = 3000;
const autosaveBox = document.querySelector<HTMLInputElement>("#autosave");
const autosaveStatus = document.querySelector<HTMLElement>("#autosave-status");
if (form && autosaveBox && autosaveStatus) {
  autosaveBox.closest<HTMLElement>(".autosave")!.hidden = false;
  autosaveBox.checked = localStorage.getItem("workbench.autosave") === "on";
  autosaveBox.addEventListener("change", () =>
    localStorage.setItem("workbench.autosave", autosaveBox.checked ? "on" : "off"),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  /** The autosave out now, if any; and whether another is due once it is answered. */
  let inFlight: Promise<void> | null = null;
  let due = false;
  /** Set once the user posts the form: the page is leaving, and nothing is autosaved after their save. */
  let submitting = false;

  const saveOnce = async () => {
    const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
    body.set("action", "autosave");
    // What is sent: text typed while the request is out is not in it, so it stays unsaved (and typed()).
    const sent = textareas.map((t) => t.value);
    let answer: { saved: boolean; revision?: number; message?: string };
    let status = 0;
    try {
      // getAttribute, not form.action: the form's buttons are named "action", which shadows the property.
      const response = await fetch(form.getAttribute("action") ?? location.pathname, {
        method: "POST",
        body,
        headers: { accept: "application/json" },
        credentials: "same-origin",
      });
      status = response.status;
      // A refusal before the save (an ended session, a stale CSRF token) is a page, not JSON.
      answer = response.headers.get("content-type")?.startsWith("application/json")
        ? await response.json()
        : { saved: false, message: autosaveStatus.dataset.failed ?? "" };
    } catch {
      answer = { saved: false, message: autosaveStatus.dataset.failed ?? "" };
    }
    if (answer.saved) {
      form.querySelector<HTMLInputElement>('input[name="expectedRevision"]')!.value = String(answer.revision);
      for (const [i, textarea] of textareas.entries()) textarea.defaultValue = sent[i]!;
      autosaveStatus.textContent = autosaveStatus.dataset.saved ?? "";
    } else {
      stopped = true;
      autosaveStatus.textContent = status === 409 ? (autosaveStatus.dataset.conflict ?? "") : (answer.message ?? "");
    }
  };

  const autosave = async (): Promise<void> => {
    if (stopped || submitting || !autosaveBox.checked || !typed()) return;
    if (inFlight) {
      due = true;
      return;
    }
    inFlight = saveOnce();
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
    if (due) {
      due = false;
      await autosave();
    }
  };

  for (const textarea of textareas) {
    textarea.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => void autosave(), AUTOSAVE_DELAY_MS);
    });
  }

  form.addEventListener("submit", (event) => {
    clearTimeout(timer);
    due = false;
    if (!inFlight) {
      submitting = true;
      return;
    }
    // Posted now, the form would carry the revision the autosave out is replacing: post it once that is
    // answered, with the revision it brought (or, if it was refused, the one the page has, for the server's
    // conflict view).
    event.preventDefault();
    const submitter = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
    void inFlight.finally(() => form.requestSubmit(submitter));
  });
}
