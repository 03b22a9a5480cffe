// Live updates: one websocket per page. Pages mark what to refresh with data-live-* attributes;
// refreshed fragments are fetched over HTTP so the server's access checks always apply.
(function () {
  "use strict";
  if (!document.body || !document.body.dataset.live || !window.WebSocket) return;
  var retry = 1000;
  function connect() {
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(proto + location.host + "/ws/events/");
    socket.onopen = function () {
      retry = 1000;
      document.querySelectorAll("[data-live-ticket]").forEach(function (el) {
        socket.send(JSON.stringify({ type: "subscribe", ticket: Number(el.dataset.liveTicket) }));
      });
    };
    socket.onmessage = function (e) {
      var data;
      try { data = JSON.parse(e.data); } catch (err) { return; }
      if (!data.ticket) return;
      document.querySelectorAll('[data-live-ticket="' + data.ticket + '"], [data-live-queue]').forEach(function (el) {
        if (window.htmx) window.htmx.trigger(el, "beacon:changed");
      });
    };
    socket.onclose = function () {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
  }
  connect();
})();
