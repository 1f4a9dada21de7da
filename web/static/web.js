/* web.js: small improvements to the pages of `dossier serve`; every page
   works without it. On the response form, the field for the adopted text
   shows only for an acceptance or a partial acceptance. */
(function () {
  "use strict";
  function adoptedToggle(form) {
    var field = form.querySelector(".dw-adopted-field");
    if (!field) return;
    function update() {
      var checked = form.querySelector("input[name=disposition]:checked");
      var v = checked ? checked.value : "";
      field.hidden = v === "reject" || v === "note";
    }
    form.addEventListener("change", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("respond-form");
    if (form) adoptedToggle(form);
  });
})();
