/* The questionnaire editor, progressive enhancement (docs/architecture.md, "Questionnaire editor").

   Without this script every page works: a delete asks for its confirmation on a page of its own, and nothing
   warns about leaving. With it: leaving a page with changes that are not saved asks first (beforeunload), and a
   delete asks in a dialog, then posts with confirmed=1 so the server does not ask again. It knows no field by
   name: it reads data-warn-unsaved on the form and data-confirm on a button. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-warn-unsaved]");
  var dirty = false;
  var leaving = false;

  if (form) {
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { leaving = true; });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty || leaving) return undefined;
      event.preventDefault();
      event.returnValue = form.getAttribute("data-warn-unsaved");
      return event.returnValue;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-confirm]") : null;
    if (!button || !button.form) return;
    if (!window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }
    var confirmed = button.form.querySelector("input[name=confirmed]");
    if (!confirmed) {
      confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      button.form.appendChild(confirmed);
    }
    confirmed.value = "1";
  });

  var summary = document.getElementById("ed-errors");
  if (summary) summary.focus();
}());
