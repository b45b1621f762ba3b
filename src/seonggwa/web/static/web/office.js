// The office pages' small behaviours (no framework): a "select all" checkbox for a list of
// checkboxes, and dropping a file onto an upload box. Delegated, so rows htmx swaps in work.
document.addEventListener("change", (event) => {
  const all = event.target.closest("input[data-pick-all]");
  if (!all) return;
  const name = all.getAttribute("data-pick-all");
  document.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});

document.addEventListener("dragover", (event) => {
  const box = event.target.closest("[data-drop-for]");
  if (!box) return;
  event.preventDefault();
  box.classList.add("active");
});

document.addEventListener("dragleave", (event) => {
  const box = event.target.closest("[data-drop-for]");
  if (box) box.classList.remove("active");
});

document.addEventListener("drop", (event) => {
  const box = event.target.closest("[data-drop-for]");
  if (!box) return;
  event.preventDefault();
  box.classList.remove("active");
  const input = document.getElementById(box.getAttribute("data-drop-for"));
  if (input && event.dataTransfer && event.dataTransfer.files.length) {
    input.files = event.dataTransfer.files;
  }
});
