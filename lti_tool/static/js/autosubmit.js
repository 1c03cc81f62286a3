// Submit the page's form marked data-autosubmit at once (no inline script under our CSP).
(function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (form) {
    form.submit();
  }
})();
