// After a refused form, move the focus to the error summary at the top, so that a screen
// reader reads it and the keyboard starts from its links (core/templates/includes/
// error_summary.html). Without JavaScript the summary is still announced (role=alert).
(function () {
  function focusSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
