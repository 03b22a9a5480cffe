/* The live wall: renders a snapshot (first the one in the page, then each one the websocket sends)
   and reconnects on its own; while disconnected it polls the same figures over HTTP. */
(function () {
  "use strict";

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    var sign = seconds < 0 ? "−" : "";
    var s = Math.abs(seconds);
    if (s < 90) return sign + Math.round(s) + " s";
    if (s < 5400) return sign + Math.round(s / 60) + " min";
    if (s < 129600) return sign + (s / 3600).toFixed(1) + " h";
    return sign + (s / 86400).toFixed(1) + " d";
  }

  function cell(row, text, numeric) {
    var td = document.createElement("td");
    if (numeric) td.className = "num";
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function fill(id, rows, build) {
    var body = document.getElementById(id);
    if (!body) return;
    body.textContent = "";
    rows.forEach(function (item) {
      var tr = document.createElement("tr");
      build(tr, item);
      body.appendChild(tr);
    });
  }

  function set(name, value) {
    var el = document.querySelector('[data-figure="' + name + '"]');
    if (el) el.textContent = value;
  }

  function render(snapshot) {
    var open = 0, unassigned = 0, risk = 0, breached = 0;
    snapshot.queues.forEach(function (q) { open += q.total; unassigned += q.unassigned; risk += q.at_risk + q.breached; breached += q.breached; });
    set("open", open); set("unassigned", unassigned); set("risk", risk); set("breached", breached);
    set("online", snapshot.agents_online.length);
    set("chat-agents", snapshot.chat.agents_chatting);
    set("chat-queued", snapshot.chat.queued);
    set("chat-wait", duration(snapshot.chat.longest_wait_seconds));
    set("chat-active", snapshot.chat.active);
    fill("wall-queues", snapshot.queues, function (tr, q) {
      cell(tr, q.team); cell(tr, q.total, true); cell(tr, q.unassigned, true);
      cell(tr, q.at_risk, true); cell(tr, q.breached, true); cell(tr, duration(q.oldest_seconds), true);
    });
    fill("wall-risk", snapshot.at_risk, function (tr, t) {
      var td = cell(tr, "");
      var link = document.createElement("a");
      link.href = t.url; link.textContent = t.reference + " " + t.subject;
      td.appendChild(link);
      cell(tr, t.team);
      cell(tr, duration(t.due_in_seconds), true).className = "num " + (t.state === "breached" ? "bad" : "warn");
    });
    fill("wall-agents", snapshot.agents_online, function (tr, a) {
      cell(tr, a.name); cell(tr, a.open + " / " + a.capacity, true);
    });
    document.getElementById("wall").dataset.at = snapshot.at;
  }

  function status(live) {
    var el = document.getElementById("wall-status");
    el.textContent = live ? el.dataset.live : el.dataset.offline;
    el.classList.toggle("offline", !live);
  }

  function start() {
    var wall = document.getElementById("wall");
    var initial = document.getElementById("wall-snapshot");
    if (!wall || !initial) return;
    render(JSON.parse(initial.textContent));
    var poller = null;
    function poll() {
      fetch(wall.dataset.fallback, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) render(data); })
        .catch(function () {});
    }
    function connect() {
      var proto = location.protocol === "https:" ? "wss://" : "ws://";
      var socket = new WebSocket(proto + location.host + wall.dataset.socket);
      socket.onopen = function () { status(true); if (poller) { clearInterval(poller); poller = null; } };
      socket.onmessage = function (event) {
        var data = JSON.parse(event.data);
        if (data.type === "wall") render(data);
      };
      socket.onclose = function (event) {
        status(false);
        if (event.code === 4401 || event.code === 4403) return;
        if (!poller) poller = setInterval(poll, 15000);
        setTimeout(connect, 3000);
      };
    }
    connect();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
