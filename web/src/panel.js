// Loading, error and empty states for one panel: a panel never sits blank.
import { h } from "./dom.js";

// Runs `job` for the panel `el`: a loading indicator meanwhile, a message with
// a retry button when it fails. Returns the job's result (null on failure).
export async function withStates(el, job, { retry } = {}) {
  el.setAttribute("aria-busy", "true");
  el.classList.add("is-loading");
  const old = el.querySelector(":scope > .panel-error");
  if (old) old.remove();
  try {
    const out = await job();
    return out;
  } catch (err) {
    const box = h(
      "div",
      { class: "panel-error", role: "alert" },
      h("span", null, err.message || String(err)),
      retry && (!err.status || err.status >= 500)
        ? h("button", { type: "button", class: "retry", onclick: () => retry() }, "Retry")
        : null,
    );
    el.prepend(box);
    throw err;
  } finally {
    el.removeAttribute("aria-busy");
    el.classList.remove("is-loading");
  }
}

export function emptyNote(text) {
  return h("p", { class: "empty-note", role: "status" }, text);
}
