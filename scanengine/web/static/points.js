// Points questions: keep "given / left" up to date while typing. The page works without this script: the
// server shows the same line after every round trip and refuses a total that does not add up.
(function () {
  "use strict";
  function update(fieldset) {
    var total = parseInt(fieldset.getAttribute("data-total"), 10);
    var spent = 0;
    fieldset.querySelectorAll("input[type=number]").forEach(function (input) {
      var v = parseInt(input.value, 10);
      if (!isNaN(v) && v > 0) { spent += v; }
    });
    var status = fieldset.querySelector(".points-status");
    var template = status.getAttribute("data-template");
    status.textContent = template.replace("{spent}", spent).replace("{left}", total - spent);
    status.classList.toggle("points-over", spent > total);
  }
  document.querySelectorAll("fieldset.points").forEach(function (fieldset) {
    fieldset.addEventListener("input", function () { update(fieldset); });
    update(fieldset);
  });
})();
