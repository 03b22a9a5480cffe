// Beacon chat widget: one <script> tag, no dependencies, no build step.
//
//   <script src="https://support.example.com/static/chat/widget.js"
//           data-lang="zh-hans" data-identity="v1.…" async></script>
//
// The widget lives in a Shadow DOM (the host page's CSS cannot reach it), talks to Beacon over
// /ws/chat/, and never loses a line: every message has a client id, is kept in an outbox until the
// server acknowledges it with a sequence number, and is re-sent after a reconnect (the server
// stores it once). On reconnect it sends the last sequence number it has and receives what it missed.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__beaconChatLoaded) return;
  window.__beaconChatLoaded = true;

  var BASE = new URL(script.src, location.href).origin;
  var WS_URL = BASE.replace(/^http/, "ws") + "/ws/chat/";
  var data = script.dataset || {};
  var LANG = /^zh/i.test(data.lang || navigator.language || "") ? "zh-hans" : "en";
  var INLINE = data.mode === "inline";
  var STORE_KEY = "beacon-chat:" + BASE;
  var MAX_FILE = 10 * 1024 * 1024;

  var S = {}; // translated strings (fetched from Beacon, gettext on the server)
  var state = load();
  var identity = data.identity || "";
  var socket = null, connected = false, retry = 1000, wantNew = false, pingTimer = null;
  var chat = {}; // last status frame
  var rendered = {}; // seq -> element
  var pending = {}; // client_id -> element
  var precheckTimer = null, lastPrecheck = { text: "", kinds: [] };

  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(STORE_KEY) || "{}");
      return { resume: saved.resume || "", lastSeq: saved.lastSeq || 0, outbox: saved.outbox || [] };
    } catch (e) {
      return { resume: "", lastSeq: 0, outbox: [] };
    }
  }
  function save() {
    try { localStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* private mode: memory only */ }
  }
  function t(key, params) {
    var text = S[key] || key;
    Object.keys(params || {}).forEach(function (name) {
      text = text.split("%(" + name + ")s").join(String(params[name]));
    });
    return text;
  }
  function clientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "c" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // --- DOM, inside a shadow root ------------------------------------------------------------------
  var host = document.createElement("div");
  host.setAttribute("data-beacon-chat", "");
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    "<style>" +
    ":host{all:initial;}" +
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif;}" +
    ".launcher[hidden],.close[hidden]{display:none;}" +
    ".launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;background:#f0b90b;color:#1d2330;border:0;border-radius:999px;padding:12px 18px;font-size:15px;font-weight:600;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:block;}" +
    ".panel{position:fixed;right:20px;bottom:80px;z-index:2147483000;width:370px;height:560px;max-height:calc(100vh - 100px);background:#fff;color:#1d2330;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden;font-size:14px;line-height:1.45;}" +
    ".panel[hidden]{display:none;}" +
    ".inline .panel{position:static;width:100%;height:70vh;min-height:420px;max-height:none;box-shadow:none;border:1px solid #dfe3ea;}" +
    ".head{background:#1d2330;color:#fff;padding:10px 12px;}" +
    ".head .row{display:flex;justify-content:space-between;align-items:center;gap:8px;}" +
    ".head .title{font-weight:700;font-size:15px;}" +
    ".head button{background:none;border:0;color:#fff;font-size:18px;cursor:pointer;padding:0 4px;}" +
    ".status{font-size:12px;color:#cfd5df;margin-top:2px;}" +
    ".apc{font-size:12px;margin-top:4px;color:#f0b90b;}" +
    ".never{font-size:11px;color:#9aa3b2;margin-top:2px;}" +
    ".log{flex:1;overflow-y:auto;padding:10px;background:#f5f6f8;}" +
    ".msg{max-width:85%;margin:6px 0;padding:8px 10px;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #e3e6ec;}" +
    ".msg.customer{margin-left:auto;background:#fff6d6;border-color:#f3dc8c;}" +
    ".msg.system{max-width:100%;margin:8px auto;text-align:center;background:none;border:0;color:#5d6678;font-size:12px;}" +
    ".msg.pending{opacity:.6;}.msg.failed{border-color:#c01c28;}" +
    ".msg .who{display:block;font-size:11px;color:#5d6678;margin-bottom:2px;}" +
    ".msg .meta{display:block;font-size:11px;color:#5d6678;margin-top:4px;}" +
    ".msg .warn{display:block;color:#c01c28;font-size:12px;margin-top:4px;}" +
    ".msg img{max-width:100%;max-height:180px;border-radius:6px;display:block;margin-top:4px;}" +
    ".msg a{color:#1a5fb4;}" +
    ".chips{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px;justify-content:center;}" +
    ".chip{background:#e8ebf0;color:#1d2330;border:0;border-radius:999px;padding:4px 10px;font-size:12px;cursor:pointer;}" +
    ".chip.primary{background:#f0b90b;font-weight:600;}" +
    ".typing{font-size:12px;color:#5d6678;padding:0 12px;min-height:16px;}" +
    ".alert{background:#fff1f1;color:#c01c28;border-top:1px solid #f3b5b5;padding:6px 10px;font-size:12px;}" +
    ".alert[hidden],.form[hidden]{display:none;}" +
    ".form{padding:8px 10px;border-top:1px solid #e3e6ec;background:#fafbfc;}" +
    ".form input,.form textarea{width:100%;padding:6px 8px;border:1px solid #c5cbd6;border-radius:6px;font-size:14px;margin:4px 0;}" +
    ".stars button{font-size:22px;background:none;border:0;cursor:pointer;color:#c5cbd6;}.stars button.on{color:#f0b90b;}" +
    ".compose{display:flex;gap:6px;padding:8px;border-top:1px solid #e3e6ec;align-items:flex-end;}" +
    ".compose textarea{flex:1;resize:none;height:42px;max-height:120px;padding:8px;border:1px solid #c5cbd6;border-radius:8px;font-size:14px;}" +
    ".btn{background:#f0b90b;color:#1d2330;border:0;border-radius:8px;padding:9px 12px;font-weight:600;cursor:pointer;font-size:14px;}" +
    ".btn.secondary{background:#e8ebf0;}" +
    ".tools{display:flex;gap:6px;padding:0 8px 8px;flex-wrap:wrap;}" +
    "@media (max-width:480px){.panel{right:0;bottom:0;width:100%;height:100%;max-height:none;border-radius:0;}.launcher{right:12px;bottom:12px;}}" +
    "</style>" +
    '<div class="wrap"><button class="launcher" type="button"></button>' +
    '<div class="panel" role="dialog" hidden>' +
    '<div class="head"><div class="row"><span class="title"></span><button class="close" type="button">×</button></div>' +
    '<div class="status"></div><div class="apc" hidden></div><div class="never"></div></div>' +
    '<div class="log" aria-live="polite"></div>' +
    '<div class="typing"></div>' +
    '<div class="alert secret" hidden></div>' +
    '<div class="form verify" hidden></div>' +
    '<div class="form rating" hidden></div>' +
    '<div class="tools"></div>' +
    '<form class="compose"><button type="button" class="btn secondary attach">+</button><input type="file" class="file" hidden>' +
    '<textarea class="input" rows="1"></textarea><button class="btn send" type="submit"></button></form>' +
    "</div></div>";

  var $ = function (sel) { return root.querySelector(sel); };
  var launcher = $(".launcher"), panel = $(".panel"), log = $(".log"), input = $(".input"), tools = $(".tools");

  function mount() {
    var target = INLINE && data.target ? document.querySelector(data.target) : null;
    if (target) {
      target.appendChild(host);
      $(".wrap").classList.add("inline");
      launcher.hidden = true;
      $(".close").hidden = true;
      panel.hidden = false;
      connect();
    } else {
      document.body.appendChild(host);
    }
  }

  function applyStrings() {
    launcher.textContent = t("open");
    $(".title").textContent = t("title");
    $(".close").setAttribute("aria-label", t("close"));
    $(".never").textContent = t("never_ask");
    input.placeholder = t("placeholder");
    $(".send").textContent = t("send");
    $(".attach").title = t("attach");
    $(".status").textContent = t("connecting");
    renderTools();
  }

  launcher.addEventListener("click", function () {
    panel.hidden = !panel.hidden;
    if (!panel.hidden) {
      if (!socket) connect();
      input.focus();
      markRead();
    }
  });
  $(".close").addEventListener("click", function () { panel.hidden = true; });

  // --- connection ------------------------------------------------------------------------------------
  function connect() {
    socket = new WebSocket(WS_URL);
    socket.onopen = function () {
      var hello = { type: "hello", last_seq: state.lastSeq, language: LANG, page: location.href.slice(0, 500) };
      if (identity) hello.identity = identity;
      if (state.resume) hello.resume = state.resume;
      if (wantNew) hello["new"] = true;
      identity = ""; // a signature is good for one hello; later the chat's own token is used
      socket.send(JSON.stringify(hello));
    };
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      handle(frame);
    };
    socket.onclose = function (event) {
      connected = false;
      clearInterval(pingTimer);
      if (event.code === 4403 || event.code === 4401) {
        // Our token or signature was refused: start over as a new chat (never someone else's).
        state.resume = "";
        state.lastSeq = 0;
        save();
      }
      $(".status").textContent = t("reconnecting");
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15000);
    };
  }
  function send(frame) {
    if (socket && connected && socket.readyState === 1) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function handle(frame) {
    switch (frame.type) {
      case "welcome":
        connected = true;
        retry = 1000;
        if (wantNew || (chat.session && chat.session !== frame.session)) resetLog();
        wantNew = false;
        state.resume = frame.resume;
        save();
        applyStatus(frame);
        (frame.entries || []).forEach(addEntry);
        if (frame.queue) applyQueue(frame.queue);
        flushOutbox();
        clearInterval(pingTimer);
        pingTimer = setInterval(function () { send({ type: "ping" }); }, 25000);
        markRead();
        break;
      case "message": addEntry(frame); markRead(); break;
      case "ack": acknowledge(frame); break;
      case "status": applyStatus(frame); break;
      case "queue": applyQueue(frame); break;
      case "typing": $(".typing").textContent = frame.active ? t("typing", { name: chat.agent ? chat.agent.name : t("agent") }) : ""; break;
      case "read": chat.agent_read_seq = frame.seq; showSeen(); break;
      case "precheck": showPrecheck(frame); break;
      case "verification": onVerification(frame); break;
      case "transcript":
        if (frame.url) window.open(new URL(frame.url, BASE).href, "_blank", "noopener");
        else if (frame.state === "mail_queued") systemLine(t("transcript_mailed", { email: frame.email }));
        break;
      case "csat": $(".rating").hidden = true; systemLine(frame.message); break;
      case "error": onError(frame); break;
    }
  }

  // --- entries -----------------------------------------------------------------------------------------
  function resetLog() {
    log.textContent = "";
    rendered = {};
    pending = {};
    state.lastSeq = 0;
    save();
  }

  function addEntry(entry) {
    if (rendered[entry.seq]) return;
    var node = renderEntry(entry);
    var placeholder = entry.client_id && pending[entry.client_id];
    if (placeholder) {
      log.replaceChild(node, placeholder);
      delete pending[entry.client_id];
    } else {
      insertInOrder(node, entry.seq);
    }
    rendered[entry.seq] = node;
    if (entry.seq > state.lastSeq) {
      state.lastSeq = entry.seq;
      save();
    }
    if (entry.kind !== "customer") $(".typing").textContent = "";
    showSeen();
    log.scrollTop = log.scrollHeight;
  }

  function insertInOrder(node, seq) {
    node.dataset.seq = seq;
    var after = null;
    var nodes = log.querySelectorAll("[data-seq]");
    for (var i = nodes.length - 1; i >= 0; i--) {
      if (Number(nodes[i].dataset.seq) < seq) { after = nodes[i]; break; }
    }
    if (after) log.insertBefore(node, after.nextSibling);
    else if (nodes.length) log.insertBefore(node, nodes[0]);
    else log.appendChild(node);
    // Lines still waiting for their ack stay at the bottom.
    Object.keys(pending).forEach(function (key) { log.appendChild(pending[key]); });
  }

  function renderEntry(entry) {
    var node = el("div", "msg " + entry.kind);
    node.dataset.seq = entry.seq;
    if (entry.author && entry.kind !== "customer") {
      var who = entry.author.name + (entry.author.agent_id ? " · " + t("agent_id") + " " + entry.author.agent_id : "");
      node.appendChild(el("span", "who", who));
    }
    var body = el("span", "body");
    if (entry.kind === "bot" || entry.kind === "system") linkify(body, entry.body || "");
    else body.textContent = entry.body || "";
    node.appendChild(body);
    (entry.attachments || []).forEach(function (file) {
      var url = new URL(file.url, BASE).href;
      if (file.is_image) {
        var img = el("img");
        img.src = url;
        img.alt = file.name;
        node.appendChild(img);
      } else {
        var link = el("a", "", file.name);
        link.href = url;
        link.target = "_blank";
        link.rel = "noopener";
        node.appendChild(el("span", "meta")).appendChild(link);
      }
    });
    (entry.warnings || []).forEach(function (w) { node.appendChild(el("span", "warn", w)); });
    if (entry.source) node.appendChild(sourceLink(t("source"), entry.source));
    if (entry.related) node.appendChild(sourceLink(t("related"), entry.related));
    var actions = entry.actions || [];
    if (actions.length) node.appendChild(actionChips(entry, actions));
    return node;
  }

  function sourceLink(label, source) {
    var line = el("span", "meta", label + ": ");
    var link = el("a", "", source.title);
    link.href = new URL(source.url, BASE).href;
    link.target = "_blank";
    link.rel = "noopener";
    line.appendChild(link);
    return line;
  }

  function linkify(node, text) {
    var parts = text.split(/(https?:\/\/[^\s]+)/g);
    parts.forEach(function (part, i) {
      if (i % 2 === 1) {
        var link = el("a", "", part);
        link.href = part;
        link.target = "_blank";
        link.rel = "noopener";
        node.appendChild(link);
      } else if (part) {
        node.appendChild(document.createTextNode(part));
      }
    });
  }

  function actionChips(entry, actions) {
    var box = el("div", "chips");
    actions.forEach(function (action) {
      if (action === "feedback" && entry.feedback === null) {
        box.appendChild(el("span", "meta", t("helpful")));
        [["yes", true], ["no", false]].forEach(function (pair) {
          var chip = el("button", "chip feedback-" + pair[0], t(pair[0]));
          chip.type = "button";
          chip.addEventListener("click", function () {
            send({ type: "feedback", seq: entry.seq, helpful: pair[1] });
            box.remove();
          });
          box.appendChild(chip);
        });
      } else if (action === "handover" && chat.status === "bot") {
        box.appendChild(chipButton("talk_to_person", function () { send({ type: "handover" }); }, true));
      } else if (action === "continue_as_ticket" && chat.status !== "ended") {
        box.appendChild(chipButton("continue_as_ticket", function () { send({ type: "continue_as_ticket" }); }, true));
      } else if (action === "verify_email" && !chat.identified) {
        box.appendChild(chipButton("verify_title", showVerify, true));
      } else if (action === "csat" && !chat.rated) {
        showRating();
      } else if (action === "transcript") {
        box.appendChild(chipButton("transcript", function () { send({ type: "transcript" }); }));
        if (chat.identified) box.appendChild(chipButton("transcript_mail", function () { send({ type: "transcript_mail" }); }));
      } else if (action === "end" && chat.status !== "ended") {
        box.appendChild(chipButton("end", function () { send({ type: "end" }); }));
      }
    });
    return box;
  }

  function chipButton(key, onClick, primary) {
    var chip = el("button", "chip" + (primary ? " primary" : "") + " action-" + key, t(key));
    chip.type = "button";
    chip.addEventListener("click", onClick);
    return chip;
  }

  function systemLine(text) {
    var node = el("div", "msg system", text);
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
  }

  // --- sending, acknowledgements, the outbox ----------------------------------------------------------
  function submit(body, attachments) {
    var item = { client_id: clientId(), body: body, attachments: attachments || [] };
    state.outbox.push(item);
    save();
    showPending(item);
    if (!send({ type: "message", client_id: item.client_id, body: item.body, attachments: item.attachments })) {
      pending[item.client_id].appendChild(el("span", "meta", t("offline_unsent")));
    }
  }

  function showPending(item) {
    if (pending[item.client_id]) return;
    var node = el("div", "msg customer pending", item.body);
    if (item.attachments.length) node.appendChild(el("span", "meta", "📎 " + item.attachments.length));
    pending[item.client_id] = node;
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
  }

  function flushOutbox() {
    state.outbox.forEach(function (item) {
      showPending(item);
      send({ type: "message", client_id: item.client_id, body: item.body, attachments: item.attachments });
    });
  }

  function acknowledge(frame) {
    state.outbox = state.outbox.filter(function (item) { return item.client_id !== frame.client_id; });
    save();
    var node = pending[frame.client_id];
    if (node) {
      node.classList.remove("pending");
      node.dataset.seq = frame.seq;
      var stale = node.querySelector(".meta");
      if (stale && stale.textContent === t("offline_unsent")) stale.remove();
    }
  }

  function onError(frame) {
    if (frame.client_id && pending[frame.client_id] && frame.code !== "rate_limited") {
      // The server refused this line for good (e.g. the chat ended): keep it visible, stop re-sending.
      state.outbox = state.outbox.filter(function (item) { return item.client_id !== frame.client_id; });
      save();
      pending[frame.client_id].classList.add("failed");
      pending[frame.client_id].appendChild(el("span", "warn", frame.message || frame.code));
      delete pending[frame.client_id];
      return;
    }
    if (frame.code === "resume_invalid" || frame.code === "forbidden") return; // onclose starts over
    if (frame.message) systemLine(frame.message);
  }

  $(".compose").addEventListener("submit", function (event) {
    event.preventDefault();
    var body = input.value.trim();
    if (!body) return;
    if (lastPrecheck.text === body && lastPrecheck.kinds.length && !$(".secret").dataset.confirmed) {
      $(".secret").hidden = false;
      return;
    }
    input.value = "";
    $(".secret").hidden = true;
    $(".secret").dataset.confirmed = "";
    submit(body);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $(".compose").requestSubmit();
    }
  });
  var typingSent = false, typingTimer = null;
  input.addEventListener("input", function () {
    if (!typingSent) { send({ type: "typing", active: true }); typingSent = true; }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { send({ type: "typing", active: false }); typingSent = false; }, 2500);
    clearTimeout(precheckTimer);
    precheckTimer = setTimeout(function () {
      var text = input.value.trim();
      if (text.length >= 12) send({ type: "precheck", body: text });
      else showPrecheck({ kinds: [] });
    }, 400);
  });

  function showPrecheck(frame) {
    var box = $(".secret");
    lastPrecheck = { text: input.value.trim(), kinds: frame.kinds || [] };
    box.textContent = "";
    box.dataset.confirmed = "";
    if (!lastPrecheck.kinds.length) { box.hidden = true; return; }
    box.appendChild(el("div", "", t("secret_warning", { markers: (frame.markers || lastPrecheck.kinds).join(", ") })));
    var chips = el("div", "chips");
    chips.appendChild(chipButton("edit", function () { input.focus(); }));
    chips.appendChild(chipButton("send_anyway", function () {
      box.dataset.confirmed = "1";
      $(".compose").requestSubmit();
    }));
    box.appendChild(chips);
    box.hidden = false;
  }

  // Files go over HTTP (checked like ticket attachments); the message refers to them by key.
  $(".attach").addEventListener("click", function () { $(".file").click(); });
  $(".file").addEventListener("change", function () {
    var file = this.files[0];
    this.value = "";
    if (!file) return;
    if (file.size > MAX_FILE) { systemLine(t("file_too_large")); return; }
    var form = new FormData();
    form.append("file", file);
    systemLine(t("uploading"));
    fetch(BASE + "/chat/upload/", { method: "POST", body: form, headers: { "X-Beacon-Chat": state.resume } })
      .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
      .then(function (result) {
        if (!result[0]) { systemLine(result[1].message || "error"); return; }
        submit(input.value.trim(), [result[1].key]);
        input.value = "";
      })
      .catch(function () { systemLine(t("reconnecting")); });
  });

  // --- chat state --------------------------------------------------------------------------------------
  function applyStatus(frame) {
    Object.keys(frame).forEach(function (key) { if (key !== "type" && key !== "entries") chat[key] = frame[key]; });
    var line = "";
    if (chat.status === "bot") line = t("with_bot");
    else if (chat.status === "queued") line = t("queued");
    else if (chat.status === "active") line = t("active", { name: chat.agent ? chat.agent.name + " · " + t("agent_id") + " " + chat.agent.agent_id : t("agent") });
    else if (chat.status === "ended") line = t("ended");
    $(".status").textContent = line;
    var apc = $(".apc");
    if (chat.anti_phishing_code !== undefined) {
      apc.hidden = false;
      apc.textContent = chat.anti_phishing_code ? t("anti_phishing") + ": " + chat.anti_phishing_code : t("anti_phishing_missing");
    } else {
      apc.hidden = true;
    }
    if (chat.identified) $(".verify").hidden = true;
    // Buttons offered earlier that no longer apply (e.g. "talk to a person" once an agent is here).
    var stale = [];
    if (chat.status !== "bot") stale.push(".action-talk_to_person");
    if (chat.identified) stale.push(".action-verify_title");
    if (chat.status === "ended") stale.push(".action-continue_as_ticket", ".action-end");
    if (stale.length) log.querySelectorAll(stale.join(",")).forEach(function (n) { n.remove(); });
    if (chat.status === "ended" && !chat.rated) showRating();
    renderTools();
    showSeen();
  }

  function applyQueue(queue) {
    if (chat.status !== "queued") return;
    var wait = queue.wait_seconds === null || queue.wait_seconds === undefined
      ? t("wait_unknown")
      : queue.wait_seconds <= 60 ? t("wait_soon") : t("wait", { minutes: Math.round(queue.wait_seconds / 60) });
    $(".status").textContent = t("position", { position: queue.position }) + " · " + wait;
  }

  function renderTools() {
    tools.textContent = "";
    if (chat.status === "bot") tools.appendChild(chipButton("talk_to_person", function () { send({ type: "handover" }); }));
    if (chat.status === "queued" || (chat.offered_ticket && chat.status !== "ended")) {
      tools.appendChild(chipButton("continue_as_ticket", function () { send({ type: "continue_as_ticket" }); }));
    }
    if (chat.status && chat.status !== "ended") tools.appendChild(chipButton("end", function () { send({ type: "end" }); }));
    if (chat.status === "ended") {
      tools.appendChild(chipButton("new_chat", function () {
        wantNew = true;
        $(".rating").hidden = true;
        if (socket) socket.close(); // reconnects with new: true
      }, true));
    }
    if (chat.last_seq) tools.appendChild(chipButton("transcript", function () { send({ type: "transcript" }); }));
    if (chat.last_seq && chat.identified) {
      tools.appendChild(chipButton("transcript_mail", function () { send({ type: "transcript_mail" }); }));
    }
    $(".compose").hidden = chat.status === "ended";
  }

  function showSeen() {
    root.querySelectorAll(".seen").forEach(function (n) { n.remove(); });
    var mine = log.querySelectorAll(".msg.customer[data-seq]");
    for (var i = mine.length - 1; i >= 0; i--) {
      if (Number(mine[i].dataset.seq) <= (chat.agent_read_seq || 0)) {
        mine[i].appendChild(el("span", "meta seen", t("seen")));
        break;
      }
    }
  }

  function markRead() {
    if (panel.hidden || !state.lastSeq) return;
    send({ type: "read", seq: state.lastSeq });
  }

  // --- e-mail confirmation, rating --------------------------------------------------------------------
  function showVerify() {
    var box = $(".verify");
    box.textContent = "";
    box.appendChild(el("strong", "", t("verify_title")));
    var email = el("input");
    email.type = "email";
    email.placeholder = t("email");
    email.className = "verify-email";
    box.appendChild(email);
    var ask = el("button", "btn send-code", t("send_code"));
    ask.type = "button";
    ask.addEventListener("click", function () { send({ type: "verify_email", email: email.value.trim() }); });
    box.appendChild(ask);
    box.hidden = false;
    email.focus();
  }

  function onVerification(frame) {
    var box = $(".verify");
    if (frame.state === "verified") { box.hidden = true; return; }
    box.textContent = "";
    box.appendChild(el("div", "", t("code_sent", { email: frame.email })));
    var code = el("input");
    code.inputMode = "numeric";
    code.autocomplete = "one-time-code";
    code.placeholder = t("code");
    code.className = "verify-code";
    box.appendChild(code);
    var confirm = el("button", "btn confirm-code", t("confirm"));
    confirm.type = "button";
    confirm.addEventListener("click", function () { send({ type: "verify_code", code: code.value.trim() }); });
    box.appendChild(confirm);
    box.hidden = false;
    code.focus();
  }

  function showRating() {
    var box = $(".rating");
    if (!box.hidden) return;
    box.textContent = "";
    box.appendChild(el("strong", "", t("rate")));
    var stars = el("div", "stars"), chosen = 0;
    for (var i = 1; i <= 5; i++) {
      (function (n) {
        var star = el("button", "star", "★");
        star.type = "button";
        star.dataset.rating = n;
        star.addEventListener("click", function () {
          chosen = n;
          stars.querySelectorAll("button").forEach(function (b) { b.classList.toggle("on", Number(b.dataset.rating) <= n); });
        });
        stars.appendChild(star);
      })(i);
    }
    box.appendChild(stars);
    var comment = el("textarea");
    comment.placeholder = t("comment");
    box.appendChild(comment);
    var submitRating = el("button", "btn submit-rating", t("submit"));
    submitRating.type = "button";
    submitRating.addEventListener("click", function () {
      if (chosen) send({ type: "csat", rating: chosen, comment: comment.value.trim() });
    });
    box.appendChild(submitRating);
    box.hidden = false;
  }

  // --- start ----------------------------------------------------------------------------------------------
  function start() {
    fetch(BASE + "/chat/widget/strings.json?lang=" + encodeURIComponent(LANG))
      .then(function (response) { return response.json(); })
      .then(function (body) { S = body.strings || {}; })
      .catch(function () { /* English keys stay readable enough */ })
      .then(function () {
        applyStrings();
        mount();
        if (!INLINE && state.outbox.length) connect(); // deliver what was not acknowledged last time
      });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
