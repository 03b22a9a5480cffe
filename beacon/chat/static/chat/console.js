// Agent console: the queue, the agent's chats and one conversation, live over /ws/chat/agent/.
// Like the widget, it keeps unacknowledged lines in an outbox and re-sends them (with the same
// client id) after a reconnect, and asks for every chat's lines after the last one it has.
(function () {
  "use strict";
  var box = document.getElementById("chat-console");
  if (!box || !window.WebSocket) return;
  var S = JSON.parse(document.getElementById("console-strings").textContent);
  var CANNED = JSON.parse(document.getElementById("canned-replies").textContent);
  var proto = location.protocol === "https:" ? "wss://" : "ws://";
  var WS_URL = proto + location.host + box.dataset.wsPath;

  var chats = {}; // public id -> {state, entries: {seq: entry}, lastSeq, unread}
  var queue = [];
  var selected = null;
  var outbox = []; // {session, type, client_id, body}
  var socket = null, connected = false, retry = 1000, pingTimer = null;

  function $(id) { return document.getElementById(id); }
  function t(key, params) {
    var text = S[key] || key;
    Object.keys(params || {}).forEach(function (name) { text = text.split("%(" + name + ")s").join(String(params[name])); });
    return text;
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function clientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "a" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  function chatOf(id) {
    if (!chats[id]) chats[id] = { state: { session: id }, entries: {}, lastSeq: 0, unread: 0 };
    return chats[id];
  }

  CANNED.forEach(function (reply, i) {
    var option = el("option", "", reply.title);
    option.value = String(i);
    $("canned").appendChild(option);
  });

  // --- connection ------------------------------------------------------------------------------------
  function connect() {
    socket = new WebSocket(WS_URL);
    socket.onopen = function () {
      var known = {};
      Object.keys(chats).forEach(function (id) { known[id] = chats[id].lastSeq; });
      socket.send(JSON.stringify({ type: "hello", sessions: known }));
    };
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      handle(frame);
    };
    socket.onclose = function () {
      connected = false;
      clearInterval(pingTimer);
      setConnection(false);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15000);
    };
  }
  function send(frame) {
    if (socket && connected && socket.readyState === 1) { socket.send(JSON.stringify(frame)); return true; }
    return false;
  }
  function setConnection(up) {
    $("connection").textContent = up ? t("online") : t("reconnecting");
    $("connection").className = "badge" + (up ? " status-solved" : " flag");
  }

  function handle(frame) {
    switch (frame.type) {
      case "welcome":
        connected = true;
        retry = 1000;
        setConnection(true);
        $("presence").value = frame.presence.status === "away" ? "away" : "online";
        $("capacity").value = frame.presence.capacity;
        queue = frame.queue;
        frame.mine.forEach(function (state) { chatOf(state.session).state = state; });
        frame.mine.forEach(function (state) { send({ type: "subscribe", session: state.session, last_seq: chatOf(state.session).lastSeq }); });
        outbox.forEach(function (item) { send(item); });
        clearInterval(pingTimer);
        pingTimer = setInterval(function () { send({ type: "ping" }); }, 25000);
        renderLists();
        break;
      case "queue": queue = frame.queue; renderLists(); break;
      case "history":
        var c = chatOf(frame.session);
        c.state = frame.state;
        frame.entries.forEach(function (entry) { addEntry(entry); });
        renderLists();
        if (selected === frame.session) renderChat();
        break;
      case "assigned": chatOf(frame.session).state = frame; renderLists(); if (!selected) select(frame.session); break;
      case "released":
        if (chats[frame.session] && chats[frame.session].state.agent_id !== undefined) delete chats[frame.session];
        delete chats[frame.session];
        if (selected === frame.session) { selected = null; renderChat(); }
        renderLists();
        break;
      case "message": addEntry(frame); break;
      case "status":
        chatOf(frame.session).state = frame;
        renderLists();
        if (selected === frame.session) renderHeader();
        break;
      case "typing": if (frame.session === selected) $("chat-typing").textContent = frame.active ? t("typing") : ""; break;
      case "read": chatOf(frame.session).state.customer_read_seq = frame.seq; if (frame.session === selected) renderChat(); break;
      case "ack":
        outbox = outbox.filter(function (item) { return item.client_id !== frame.client_id; });
        break;
      case "presence": $("presence").value = frame.status; $("capacity").value = frame.capacity; break;
      case "error":
        if (frame.client_id) outbox = outbox.filter(function (item) { return item.client_id !== frame.client_id; });
        $("composer-error").textContent = frame.message || frame.code;
        break;
    }
  }

  function addEntry(entry) {
    var c = chatOf(entry.session);
    if (c.entries[entry.seq]) return;
    c.entries[entry.seq] = entry;
    c.lastSeq = Math.max(c.lastSeq, entry.seq);
    if (entry.session === selected) {
      appendEntry(entry);
      if (entry.kind === "customer") { $("chat-typing").textContent = ""; send({ type: "read", session: selected, seq: c.lastSeq }); }
    } else if (entry.kind === "customer") {
      c.unread += 1;
      renderLists();
    }
  }

  // --- lists -------------------------------------------------------------------------------------------
  function renderLists() {
    var q = $("queue");
    q.textContent = "";
    if (!queue.length) q.appendChild(el("li", "muted", t("empty_queue")));
    queue.forEach(function (s) {
      var item = el("li", "chat-item queued");
      item.dataset.session = s.session;
      var name = el("strong", "", s.customer);
      item.appendChild(name);
      if (s.rank === 0) item.appendChild(el("span", "badge flag", t("security")));
      if (s.vip_tier) item.appendChild(el("span", "badge", t("vip") + " " + s.vip_tier));
      if (s.queued_at) {
        var minutes = Math.max(0, Math.round((Date.now() - Date.parse(s.queued_at)) / 60000));
        item.appendChild(el("span", "muted", " " + t("waiting_since", { minutes: minutes })));
      }
      var accept = el("button", "small accept", t("accept"));
      accept.type = "button";
      accept.addEventListener("click", function (event) {
        event.stopPropagation();
        send({ type: "accept", session: s.session, last_seq: chatOf(s.session).lastSeq });
        selected = s.session;
      });
      item.appendChild(accept);
      item.addEventListener("click", function () {
        send({ type: "subscribe", session: s.session, last_seq: chatOf(s.session).lastSeq });
        select(s.session);
      });
      q.appendChild(item);
    });
    var mine = $("mine");
    mine.textContent = "";
    Object.keys(chats).forEach(function (id) {
      var c = chats[id];
      if (!c.state || (c.state.status !== "active" && c.state.status !== "ended")) return;
      var item = el("li", "chat-item mine" + (id === selected ? " selected" : ""));
      item.dataset.session = id;
      item.appendChild(el("strong", "", c.state.customer || id));
      if (c.state.status === "ended") item.appendChild(el("span", "badge", t("ended")));
      if (c.unread) item.appendChild(el("span", "badge prio-2", String(c.unread)));
      item.addEventListener("click", function () { select(id); });
      mine.appendChild(item);
    });
  }

  // --- one conversation ----------------------------------------------------------------------------------
  function select(id) {
    selected = id;
    var c = chatOf(id);
    c.unread = 0;
    renderLists();
    renderChat();
    if (c.lastSeq) send({ type: "read", session: id, seq: c.lastSeq });
    var url = box.dataset.contextUrl.replace("SESSION", encodeURIComponent(id));
    if (window.htmx) window.htmx.ajax("GET", url, { target: "#context", swap: "innerHTML" });
  }

  function renderHeader() {
    var header = $("chat-header");
    header.textContent = "";
    if (!selected) { header.textContent = t("no_chat"); return; }
    var state = chatOf(selected).state;
    header.appendChild(el("strong", "", state.customer || selected));
    if (state.vip_tier) header.appendChild(el("span", "badge", t("vip") + " " + state.vip_tier));
    if (state.rank === 0) header.appendChild(el("span", "badge flag", t("security")));
    if (state.ticket) header.appendChild(el("span", "mono muted", " " + state.ticket));
    header.appendChild(el("span", "badge", " " + (state.status_label || state.status || "")));
    if (state.rated) header.appendChild(el("span", "badge", "★"));
    $("composer").hidden = state.status === "ended";
  }

  function renderChat() {
    renderHeader();
    var list = $("chat-entries");
    list.textContent = "";
    $("chat-typing").textContent = "";
    if (!selected) { $("composer").hidden = true; return; }
    var c = chatOf(selected);
    Object.keys(c.entries).map(Number).sort(function (a, b) { return a - b; }).forEach(function (seq) {
      appendEntry(c.entries[seq]);
    });
  }

  function appendEntry(entry) {
    var list = $("chat-entries");
    var node = el("div", "chat-line " + entry.kind);
    node.dataset.seq = entry.seq;
    var who = entry.author ? entry.author.name : entry.kind === "system" ? "Beacon" : "";
    if (who) node.appendChild(el("span", "who", who + (entry.kind === "note" ? " · " + t("internal") : "")));
    node.appendChild(el("span", "body", entry.body || ""));
    (entry.attachments || []).forEach(function (file) {
      var link = el("a", "", file.name);
      link.href = file.url;
      link.target = "_blank";
      link.rel = "noopener";
      node.appendChild(el("span", "meta")).appendChild(link);
    });
    if (entry.source) {
      var source = el("a", "", entry.source.title);
      source.href = entry.source.url;
      source.target = "_blank";
      node.appendChild(el("span", "meta", (entry.confidence !== undefined ? "(" + entry.confidence + ") " : ""))).appendChild(source);
    }
    if (entry.security && entry.security.redacted) node.appendChild(el("span", "badge flag", entry.security.redacted.join(", ")));
    var state = chatOf(entry.session).state;
    if (entry.kind === "agent" && state.customer_read_seq >= entry.seq) node.appendChild(el("span", "meta seen", t("seen")));
    list.appendChild(node);
    list.scrollTop = list.scrollHeight;
  }

  // --- actions ---------------------------------------------------------------------------------------------
  $("composer").addEventListener("submit", function (event) {
    event.preventDefault();
    var body = $("reply").value.trim();
    if (!body || !selected) return;
    var frame = { type: $("internal").checked ? "note" : "message", session: selected, client_id: clientId(), body: body };
    outbox.push(frame);
    $("composer-error").textContent = "";
    $("reply").value = "";
    send(frame);
  });
  $("reply").addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  var typingSent = false, typingTimer = null;
  $("reply").addEventListener("input", function () {
    if (!selected) return;
    if (!typingSent) { send({ type: "typing", session: selected, active: true }); typingSent = true; }
    clearTimeout(typingTimer);
    var session = selected;
    typingTimer = setTimeout(function () { send({ type: "typing", session: session, active: false }); typingSent = false; }, 2500);
  });
  $("internal").addEventListener("change", function () {
    $("reply").placeholder = this.checked ? t("note") : t("reply");
    $("composer").classList.toggle("noting", this.checked);
  });
  $("canned").addEventListener("change", function () {
    var reply = CANNED[Number(this.value)];
    if (reply && selected) {
      var zh = /^zh/.test(chatOf(selected).state.language || "");
      $("reply").value = (zh && reply.zh) || reply.en;
      $("reply").focus();
    }
    this.value = "";
  });
  $("transfer").addEventListener("click", function () {
    var target = $("transfer-target").value;
    if (!target || !selected) return;
    var parts = target.split(":");
    var frame = { type: "transfer", session: selected };
    frame[parts[0]] = parts.slice(1).join(":");
    send(frame);
  });
  $("end-chat").addEventListener("click", function () { if (selected) send({ type: "end", session: selected }); });
  function sendPresence() {
    send({ type: "presence", status: $("presence").value, capacity: Number($("capacity").value) || 1 });
  }
  $("presence").addEventListener("change", sendPresence);
  $("capacity").addEventListener("change", sendPresence);

  connect();
})();
