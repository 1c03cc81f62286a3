// The designer's live preview: a moment after the teacher stops typing, post the form to the
// preview address and show the fragment it answers (no inline script under our CSP).
(function () {
  var form = document.getElementById("designer");
  var preview = document.getElementById("preview");
  if (!form || !preview) {
    return;
  }
  var timer = null;
  var sent = 0;

  function refresh() {
    var number = ++sent;
    var data = new FormData(form);
    data.delete("action");
    fetch(form.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        if (number === sent) {
          preview.innerHTML = html; // our own server-rendered, escaped fragment
        }
      })
      .catch(function () {});
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  }

  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  refresh();
})();
