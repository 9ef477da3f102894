// The admin pages' island: copy buttons for what is shown once (a new token, a webhook's secret), with the
// Clipboard API, and a release's live progress. Without it the value is selectable text and the release page
// has a refresh link; the page's markup says what to do through data- attributes (no inline script).

/** Copy buttons are hidden until this runs: without a script they could not work. */
for (const button of document.querySelectorAll<HTMLButtonElement>("button.copy[data-copy]")) {
  const source = document.getElementById(button.dataset.copy ?? "");
  const status = document.getElementById(`${button.dataset.copy}-status`);
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(source.textContent ?? "").then(
      () => status && (status.textContent = button.dataset.copied ?? ""),
      () => {
        if (status) status.textContent = button.dataset.failed ?? "";
        // Selected, so the user can copy it by hand.
        getSelection()?.selectAllChildren(source);
      },
    );
  });
}

/**
 * A running release: its status and progress are polled as JSON from the page's own URL; once the job has
 * ended, the section is fetched as the server renders it then (the plan, or the problems by file and line) and
 * put in place of this one, so the page reaches its outcome without a reload.
 */
const POLL_MS = 500;
async function follow(section: HTMLElement): Promise<void> {
  const url = section.dataset.poll;
  if (!url) return;
  const names = JSON.parse(section.dataset.statusNames ?? "{}") as Record<string, string>;
  section.querySelector(".no-script-refresh")?.setAttribute("hidden", "");
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    let job: { status: string; active: boolean; unitsDone: number; unitsTotal: number | null };
    try {
      const response = await fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok || !response.headers.get("content-type")?.startsWith("application/json"))
        throw new Error(String(response.status));
      job = await response.json();
    } catch {
      // The refresh link is the way on when polling cannot go on (a session ended, the server went away).
      section.querySelector(".no-script-refresh")?.removeAttribute("hidden");
      return;
    }
    const status = section.querySelector<HTMLElement>("#job-status");
    if (status) status.textContent = names[job.status] ?? job.status;
    const progress = section.querySelector<HTMLProgressElement>("#job-progress");
    if (progress && job.unitsTotal !== null)
      Object.assign(progress, { max: Math.max(job.unitsTotal, 1), value: job.unitsDone });
    const count = section.querySelector<HTMLElement>("#job-count");
    if (count)
      count.textContent = job.unitsTotal === null ? String(job.unitsDone) : `${job.unitsDone} / ${job.unitsTotal}`;
    if (job.active) continue;
    const page = await fetch(url, { headers: { accept: "text/html" }, credentials: "same-origin" }).then((r) =>
      r.text(),
    );
    const fresh = new DOMParser().parseFromString(page, "text/html").getElementById("job");
    if (fresh) section.replaceWith(document.importNode(fresh, true));
    return;
  }
}
const job = document.querySelector<HTMLElement>("section#job[data-poll]");
if (job) void follow(job);
