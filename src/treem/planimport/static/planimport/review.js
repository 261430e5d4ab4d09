// Plan-import review: a "dòng N" link scrolls the source pane (not the page) to line N and
// highlights it. Without JavaScript the #LN anchors and :target do the same, less smoothly.
document.addEventListener("DOMContentLoaded", () => {
  const pane = document.querySelector("[data-source-pane]");
  if (!pane) return;
  const show = (number, remember) => {
    const line = document.getElementById(`L${number}`);
    if (!line) return;
    pane.querySelectorAll(".src-line.is-current").forEach((el) => el.classList.remove("is-current"));
    line.classList.add("is-current");
    const wide = window.matchMedia("(min-width: 992px)").matches;
    if (wide) {
      pane.scrollTo({ top: Math.max(0, line.offsetTop - pane.clientHeight / 3), behavior: "smooth" });
    } else {
      line.scrollIntoView({ behavior: "smooth", block: "center" });
    }
    if (remember) history.replaceState(null, "", `#L${number}`);
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-line]");
    if (!link) return;
    event.preventDefault();
    show(link.getAttribute("data-line"), true);
  });
  const found = window.location.hash.match(/^#L(\d+)$/);
  if (found) show(found[1], false);
});
