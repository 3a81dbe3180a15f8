// The quick record form: find the subject as you type, and offer only the checkpoints
// of that subject's category. Without this script the form still works (查找 button,
// and the server refuses a checkpoint that does not fit).
(function () {
  "use strict";
  const form = document.getElementById("record-form");
  if (!form) {
    return;
  }
  const search = document.getElementById("subject-q");
  const subject = form.querySelector("select[name=subject]");
  const checkpoint = form.querySelector("select[name=checkpoint]");
  const sets = JSON.parse(document.getElementById("subject-sets").textContent);
  const groups = JSON.parse(document.getElementById("checkpoint-groups").textContent);
  const placeholder = subject.options[0].text;

  function showCheckpoints() {
    const label = groups[sets[subject.value]];
    for (const group of checkpoint.querySelectorAll("optgroup")) {
      const shown = !label || group.label === label;
      group.hidden = !shown;
      group.disabled = !shown;
    }
    const chosen = checkpoint.selectedOptions[0];
    if (!chosen || chosen.parentElement.disabled) {
      const first = checkpoint.querySelector("optgroup:not([disabled]) option");
      if (first) {
        checkpoint.value = first.value;
      }
    }
  }

  let timer = null;
  search.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(async function () {
      const url = form.dataset.subjectsUrl + "?q=" + encodeURIComponent(search.value.trim());
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        return;
      }
      const data = await response.json();
      subject.replaceChildren(new Option(placeholder, ""));
      for (const option of data.options) {
        subject.add(new Option(option.label, option.value));
        sets[option.value] = option.set;
      }
      if (data.options.length > 0) {
        subject.value = data.options[0].value;
      }
      showCheckpoints();
    }, 250);
  });
  subject.addEventListener("change", showCheckpoints);
  showCheckpoints();
})();
