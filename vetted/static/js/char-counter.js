/* A counter under every textarea with data-limit: the person sees the limit before sending, and
   nothing is cut (the server answers an over-long text with a message, never a silent cut). */
(function () {
  "use strict";
  function attach(area) {
    if (area.dataset.counted) { return; }
    area.dataset.counted = "1";
    var limit = parseInt(area.dataset.limit, 10);
    var out = document.createElement("p");
    out.className = "counter help";
    out.id = area.id + "_counter";
    out.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", out);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + out.id);
    function update() {
      var n = area.value.length;
      out.textContent = n > limit
        ? n.toLocaleString("en-US") + " characters: " + (n - limit).toLocaleString("en-US") + " over the limit of " + limit.toLocaleString("en-US") + "."
        : n.toLocaleString("en-US") + " of " + limit.toLocaleString("en-US") + " characters.";
      out.classList.toggle("over", n > limit);
    }
    area.addEventListener("input", update);
    update();
  }
  function run() { document.querySelectorAll("textarea[data-limit]").forEach(attach); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
})();
