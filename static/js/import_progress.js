// Import pages: send the form in the background and show the server's progress lines
// (one JSON object per line: {"stage", "done", "total"}, then {"url"} of the result) in a
// <progress> bar, then open the result. Without this script the form posts as usual and
// the server answers with the result page, only without progress.
(function () {
  "use strict";
  const forms = document.querySelectorAll("form[data-import-progress]");
  if (!forms.length || !window.fetch || !window.TextDecoder) {
    return;
  }

  function show(box, line) {
    const bar = box.querySelector("progress");
    const text = box.querySelector("[data-progress-text]");
    if (line.total > 0) {
      bar.max = line.total;
      bar.value = line.done;
      text.textContent = text.dataset.format
        .replace("{stage}", line.stage)
        .replace("{done}", line.done)
        .replace("{total}", line.total);
    } else {
      bar.removeAttribute("value");
      text.textContent = line.stage + "……";
    }
  }

  async function follow(response, box) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return false;
      }
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split("\n");
      buffer = lines.pop();
      for (const text of lines) {
        if (!text) {
          continue;
        }
        const line = JSON.parse(text);
        if (line.url) {
          window.location.assign(line.url);
          return true;
        }
        show(box, line);
      }
    }
  }

  for (const form of forms) {
    const box = document.getElementById(form.dataset.importProgress);
    form.addEventListener("submit", async function (event) {
      if (form.dataset.plain) {
        return;
      }
      event.preventDefault();
      const data = new FormData(form);
      const button = event.submitter;
      if (button && button.name) {
        data.append(button.name, button.value);
      }
      for (const control of form.querySelectorAll("button")) {
        control.disabled = true;
      }
      box.hidden = false;
      const failed = box.querySelector("[data-progress-failed]");
      try {
        // Not form.action: the buttons are named "action" and would shadow it.
        const response = await fetch(form.getAttribute("action") || window.location.href, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { Accept: "application/x-ndjson" },
        });
        const type = response.headers.get("Content-Type") || "";
        if (!response.ok || !type.startsWith("application/x-ndjson")) {
          // Refused before any row was read (no file, wrong type): the plain post shows why.
          form.dataset.plain = "1";
          for (const control of form.querySelectorAll("button")) {
            control.disabled = false;
          }
          form.requestSubmit(button || undefined);
          return;
        }
        if (await follow(response, box)) {
          return;
        }
      } catch (error) {
        // fall through to the message below
      }
      failed.textContent = failed.dataset.message;
      failed.hidden = false;
    });
  }
})();
