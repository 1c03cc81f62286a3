// A job's page: set the bar's width (no inline style under our CSP), then poll the job's state
// every second until it ends, and reload the page to show its outcome.
(function () {
  var section = document.getElementById("job");
  if (!section) {
    return;
  }
  var bar = section.querySelector("[data-job-bar]");
  var fill = bar.querySelector(".progress-bar");

  function show(percent) {
    fill.style.width = percent + "%";
    fill.textContent = percent + " %";
    bar.setAttribute("aria-valuenow", percent);
  }

  function render(job) {
    show(job.percent);
    section.querySelector("[data-job-state]").textContent = job.state_label;
    section.querySelector("[data-job-label]").textContent = job.progress_label;
    var counts = section.querySelector("[data-job-counts]");
    counts.replaceChildren();
    job.counts.forEach(function (count) {
      var term = document.createElement("dt");
      term.className = "col-sm-4 fw-normal";
      term.textContent = count.label;
      var value = document.createElement("dd");
      value.className = "col-sm-8";
      value.textContent = count.value;
      counts.append(term, value);
    });
  }

  function poll() {
    fetch(section.dataset.progressUrl, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (job) {
        render(job);
        if (job.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  show(fill.dataset.percent);
  if (section.dataset.finished !== "true") {
    window.setTimeout(poll, 1000);
  }
})();
