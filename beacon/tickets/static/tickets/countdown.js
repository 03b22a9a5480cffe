// SLA countdowns: <time data-sla-due="ISO" data-due-label="due in %s" data-overdue-label="overdue %s">
// tick every 30 seconds without reloading the page.
(function () {
  "use strict";
  function short(ms) {
    var m = Math.floor(Math.abs(ms) / 60000), d = Math.floor(m / 1440), h = Math.floor((m % 1440) / 60), r = m % 60;
    if (d) return d + "d " + h + "h";
    if (h) return h + "h " + (r < 10 ? "0" : "") + r + "m";
    return r + "m";
  }
  function tick() {
    document.querySelectorAll("[data-sla-due]").forEach(function (el) {
      var left = new Date(el.dataset.slaDue).getTime() - Date.now();
      var label = left < 0 ? el.dataset.overdueLabel : el.dataset.dueLabel;
      if (label) el.textContent = label.replace("%s", short(left));
      if (left < 0) el.closest(".sla")?.classList.add("sla-breached");
    });
  }
  setInterval(tick, 30000);
  document.addEventListener("htmx:afterSwap", tick);
})();
