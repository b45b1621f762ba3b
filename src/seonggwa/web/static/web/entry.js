/* seonggwa entry pages: drag and drop evidence files onto a row's drop zone. The zone holds a
   plain <input type="file" multiple> (which works without this script); a drop puts the
   files into that input and submits its form, which htmx sends (hx-post) and answers with the
   row. Listeners sit on the document, so rows htmx swaps in need no set-up. */
(function () {
  "use strict";
  function zoneOf(event) {
    return event.target instanceof Element ? event.target.closest("[data-entry-drop]") : null;
  }
  function hasFiles(event) {
    var types = event.dataTransfer ? event.dataTransfer.types : null;
    return !!types && Array.prototype.indexOf.call(types, "Files") !== -1;
  }
  document.addEventListener("dragover", function (event) {
    var zone = zoneOf(event);
    if (!zone || !hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    zone.classList.add("active");
  });
  document.addEventListener("dragleave", function (event) {
    var zone = zoneOf(event);
    if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("active");
  });
  document.addEventListener("drop", function (event) {
    var zone = zoneOf(event);
    if (!zone) return;
    event.preventDefault();
    zone.classList.remove("active");
    var files = event.dataTransfer ? event.dataTransfer.files : null;
    var form = zone.closest("form");
    var input = form ? form.querySelector('input[type="file"]') : null;
    if (!files || !files.length || !input) return;
    input.files = files;
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
  });
})();
