// Narrows a checkbox list to the entries whose label contains what the editor types.
// Ticked entries always stay visible, so a choice never disappears from view.
document.addEventListener("input", (event) => {
  const search = event.target;
  if (!search.matches("[data-checkbox-filter]")) return;
  const list = document.getElementById(search.getAttribute("aria-controls"));
  if (!list) return;
  const term = search.value.trim().toLocaleLowerCase("de");
  list.querySelectorAll("label").forEach((label) => {
    const box = label.querySelector("input");
    const matches = !term || label.textContent.toLocaleLowerCase("de").includes(term);
    label.parentElement.hidden = !(matches || (box && box.checked));
  });
});
