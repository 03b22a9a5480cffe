/* Analytics dashboard: draws the charts from the json_script data, again after each htmx swap.
   Clicking a bar or a slice opens the tickets behind it (the same filters plus that slice). */
(function () {
  "use strict";
  var charts = [];
  var PALETTE = ["#1a5fb4", "#f0b90b", "#26a269", "#c01c28", "#9141ac", "#e66100", "#5d6678", "#2ec27e", "#865e3c", "#3584e4"];

  function drillTo(body, params) {
    var url = body.dataset.drill;
    Object.keys(params).forEach(function (name) {
      url += "&" + encodeURIComponent(name) + "=" + encodeURIComponent(params[name]);
    });
    window.location.href = url;
  }

  function make(id, config, onPick) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    if (onPick) {
      config.options.onClick = function (event, elements) {
        if (elements.length) onPick(elements[0].index, elements[0].datasetIndex);
      };
      config.options.onHover = function (event, elements) {
        event.native.target.style.cursor = elements.length ? "pointer" : "default";
      };
    }
    charts.push(new window.Chart(canvas, config));
  }

  function draw() {
    var body = document.getElementById("analytics-body");
    var script = document.getElementById("analytics-charts");
    if (!body || !script || !window.Chart) return;
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    var data = JSON.parse(script.textContent);
    var L = data.labels;
    var s = data.series;
    make("chart-volume", {
      type: "line",
      data: { labels: s.labels, datasets: [
        { label: L.created, data: s.created, borderColor: PALETTE[0], backgroundColor: PALETTE[0], tension: 0.2 },
        { label: L.solved, data: s.solved, borderColor: PALETTE[2], backgroundColor: PALETTE[2], tension: 0.2 },
        { label: L.reopened, data: s.reopened, borderColor: PALETTE[3], backgroundColor: PALETTE[3], tension: 0.2 }
      ] },
      options: { scales: { y: { beginAtZero: true } } }
    });
    make("chart-times", {
      type: "line",
      data: { labels: s.labels, datasets: [
        { label: L.frt, data: s.frt, borderColor: PALETTE[1], backgroundColor: PALETTE[1], yAxisID: "y", spanGaps: true },
        { label: L.res, data: s.res, borderColor: PALETTE[4], backgroundColor: PALETTE[4], yAxisID: "y1", spanGaps: true }
      ] },
      options: { scales: { y: { beginAtZero: true, position: "left" }, y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } } } }
    });
    make("chart-ages", {
      type: "bar",
      data: { labels: data.ages.labels.map(function (l, i) { return i < data.ages.labels.length - 1 ? "< " + l : l; }),
              datasets: [{ label: L.backlog, data: data.ages.values, backgroundColor: PALETTE[1] }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
    }, function () { drillTo(body, { metric: "backlog" }); });
    make("chart-teams", {
      type: "bar",
      data: { labels: data.teams.labels, datasets: [
        { label: L.backlog, data: data.teams.backlog, backgroundColor: PALETTE[0] },
        { label: L.change, data: data.teams.change, backgroundColor: PALETTE[3] }
      ] },
      options: { scales: { y: { beginAtZero: true } } }
    }, function (index, dataset) {
      var key = data.teams.keys[index];
      if (key) drillTo(body, dataset === 0 ? { metric: "backlog", team: key } : { metric: "created", team: key });
    });
    [["channel", "doughnut", "channel"], ["language", "doughnut", "language"], ["category", "bar", "category"], ["priority", "bar", "priority"]].forEach(function (spec) {
      var slice = data[spec[0]];
      var isBar = spec[1] === "bar";
      make("chart-" + spec[0], {
        type: spec[1],
        data: { labels: slice.labels, datasets: [{ label: L.created, data: slice.values, backgroundColor: isBar ? PALETTE[0] : PALETTE }] },
        options: isBar ? { indexAxis: spec[0] === "category" ? "y" : "x", plugins: { legend: { display: false } } } : {}
      }, function (index) {
        var params = { metric: "created" };
        params[spec[2]] = slice.keys[index];
        drillTo(body, params);
      });
    });
    var c = data.chat;
    make("chart-chat", {
      type: "bar",
      data: { labels: c.labels, datasets: [
        { label: L.chats, data: c.started, backgroundColor: PALETTE[0] },
        { label: L.queued, data: c.queued, backgroundColor: PALETTE[1] },
        { label: L.abandoned, data: c.abandoned, backgroundColor: PALETTE[3] },
        { label: L.bot, data: c.bot, backgroundColor: PALETTE[2] }
      ] },
      options: { scales: { y: { beginAtZero: true } } }
    });
    body.dataset.charts = String(charts.length);
  }

  function customRange() {
    var form = document.querySelector("form.filters");
    if (!form) return;
    var custom = form.querySelector("[name=range]").value === "custom";
    form.querySelectorAll(".filter-start, .filter-end").forEach(function (el) { el.hidden = !custom; });
  }

  document.addEventListener("DOMContentLoaded", function () { customRange(); draw(); });
  document.addEventListener("change", function (event) { if (event.target.name === "range") customRange(); });
  document.addEventListener("htmx:afterSettle", draw);
})();
