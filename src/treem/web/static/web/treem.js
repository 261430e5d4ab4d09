// Small progressive enhancements; pages work without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
});

// Progress bars take their width from data-width (inline styles are blocked by the CSP).
function applyWidths(root) {
  root.querySelectorAll("[data-width]").forEach((el) => {
    el.style.width = `${el.getAttribute("data-width")}%`;
  });
}
document.addEventListener("DOMContentLoaded", () => applyWidths(document));
document.addEventListener("htmx:afterSwap", (event) => applyWidths(event.target));
