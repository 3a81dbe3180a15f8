// A job's page follows its progress: every second it asks the job's state, moves the bar,
// and once the job has finished opens its result page (an import) or reloads to show the
// download or the reason it failed.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "1") {
    return;
  }
  var bar = document.getElementById("job-progress");
  var state = document.getElementById("job-state");
  var stage = document.getElementById("job-stage");
  var count = document.getElementById("job-count");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        state.textContent = job.state_label;
        stage.textContent = job.stage_label;
        count.textContent = job.done + " / " + job.total;
        if (job.finished && job.next) {
          window.location.assign(job.next);
        } else if (job.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
