// Maatje's web chat. No framework. Every text goes in with textContent: never as HTML.
// The history lives in this browser only (localStorage) and is emptied by /vergeet.
// When no WebSocket gets through (it cannot open, or keeps closing), the page talks over
// plain HTTP instead: POST /say for each message, GET /poll for what Maatje writes by itself.
"use strict";
(function () {
  var HISTORY = "maatje.history";
  var KEEP = 300;
  var IDLE = 4000;  // the server's close code for a silent connection
  var OPEN = 1;
  var CLOSED = 3;
  var FAILURES = 2;  // closed this often without an answer in between: plain HTTP instead
  var PAGE = { "X-Maatje": "1" };
  var log = document.getElementById("log");
  var form = document.getElementById("compose");
  var input = document.getElementById("text");
  var status = document.getElementById("status");
  var texts = document.body.dataset;
  var socket = null;
  var waiting = [];
  var unanswered = [];  // sent on the socket, its "done" not yet back: sent again if it closes
  var retry = 500;
  var counter = 0;
  var failures = 0;
  var polling = false;  // no WebSocket: plain HTTP from now on
  var asking = false;   // a GET /poll is under way
  var outgoing = Promise.resolve();
  var idleAfter = (Number(texts.idle) || 900) * 1000;
  var lastSaid = Date.now();

  function load() {
    try {
      var kept = JSON.parse(localStorage.getItem(HISTORY) || "[]");
      return Array.isArray(kept) ? kept : [];
    } catch (error) {
      return [];
    }
  }

  function keep(entry) {
    var history = load();
    history.push(entry);
    try {
      localStorage.setItem(HISTORY, JSON.stringify(history.slice(-KEEP)));
    } catch (error) { /* storage full or off: the chat still works */ }
  }

  function forget() {
    try { localStorage.removeItem(HISTORY); } catch (error) { /* nothing kept */ }
    log.replaceChildren();
  }

  function lines(parent, text) {
    text.split("\n").forEach(function (line) {
      var p = document.createElement("p");
      p.className = "line";
      p.dir = "auto";
      p.textContent = line;
      parent.appendChild(p);
    });
  }

  function button(spec) {
    var element;
    if (spec.url) {
      element = document.createElement("a");
      element.href = spec.url;
      element.target = "_blank";
      element.rel = "noopener noreferrer";
    } else {
      element = document.createElement("button");
      element.type = "button";
      element.addEventListener("click", function () {
        if (spec.payload) {
          say(spec.label, { payload: spec.payload });
        } else {
          say(spec.label, { text: spec.text });
        }
      });
    }
    element.dir = "auto";
    element.textContent = spec.label;
    return element;
  }

  function place(parent, venue) {
    var box = document.createElement("p");
    box.className = "line place";
    box.dir = "auto";
    var link = document.createElement("a");
    link.href = venue.map;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = "📍 " + venue.title;
    box.appendChild(link);
    box.appendChild(document.createTextNode(", " + venue.address));
    parent.appendChild(box);
  }

  function file(parent, documentSpec) {
    var box = document.createElement("p");
    box.className = "line file";
    box.dir = "auto";
    if (documentSpec.data) {
      var bytes = Uint8Array.from(atob(documentSpec.data), function (c) { return c.charCodeAt(0); });
      var url = URL.createObjectURL(new Blob([bytes], { type: documentSpec.type }));
      if (documentSpec.type.indexOf("image/") === 0) {
        var image = document.createElement("img");
        image.src = url;
        image.alt = documentSpec.caption || documentSpec.filename;
        box.appendChild(image);
      }
      var link = document.createElement("a");
      link.href = url;
      link.download = documentSpec.filename;
      link.textContent = "📎 " + documentSpec.filename;
      box.appendChild(link);
    } else {
      box.textContent = "📎 " + documentSpec.filename;
    }
    parent.appendChild(box);
    if (documentSpec.caption) { lines(parent, documentSpec.caption); }
  }

  function show(entry) {
    var bubble = document.createElement("div");
    bubble.className = entry.from === "me" ? "bubble me" : "bubble";
    var reply = entry.reply;
    if (reply.text) { lines(bubble, reply.text); }
    if (reply.venue) { place(bubble, reply.venue); }
    if (reply.document) { file(bubble, reply.document); }
    if (reply.buttons && reply.buttons.length) {
      var row = document.createElement("div");
      row.className = reply.columns === 2 ? "buttons two" : "buttons";
      reply.buttons.forEach(function (spec) { row.appendChild(button(spec)); });
      bubble.appendChild(row);
    }
    log.appendChild(bubble);
    bubble.scrollIntoView({ block: "end" });
  }

  function stored(reply) {
    // A file's bytes are not kept: the history holds its name.
    if (!reply.document) { return reply; }
    var copy = Object.assign({}, reply);
    copy.document = Object.assign({}, reply.document, { data: null });
    return copy;
  }

  function received(frame) {
    if (frame.type === "forgotten") {
      forget();
      return;
    }
    if (frame.type !== "reply") { return; }
    var entry = { from: "maatje", reply: frame };
    show(entry);
    if (frame.keep) { keep({ from: "maatje", reply: stored(frame) }); }
  }

  function setStatus(text) {
    status.textContent = text || "";
    status.hidden = !text;
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    try {
      socket = new WebSocket(scheme + location.host + "/ws");
    } catch (error) {
      fallBack();
      return;
    }
    var slow = setTimeout(function () { setStatus(texts.connecting); }, 1000);
    socket.addEventListener("open", function () {
      clearTimeout(slow);
      setStatus("");
      retry = 500;
      while (waiting.length && socket.readyState === OPEN) {
        transmit(waiting.shift());
      }
    });
    socket.addEventListener("message", function (event) {
      failures = 0;  // the socket works
      var frame;
      try { frame = JSON.parse(event.data); } catch (error) { return; /* not a frame */ }
      if (frame.type === "done") { unanswered.shift(); }  // answered in turn
      received(frame);
    });
    socket.addEventListener("close", function (event) {
      clearTimeout(slow);
      // Sent again (the same id: Maatje answers a message once) on the next connection.
      waiting = unanswered.concat(waiting);
      unanswered = [];
      if (event.code === IDLE) {  // closed while silent: opened again when she writes
        socket.idle = true;
        return;
      }
      failures += 1;
      if (failures >= FAILURES) {
        fallBack();
        return;
      }
      setStatus(texts.offline);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15000);
    });
  }

  function fallBack() {
    polling = true;
    socket = null;
    retry = 500;
    setStatus("");
    waiting.splice(0).forEach(post);
    poll();
  }

  function frames(text) {
    text.split("\n").forEach(function (line) {
      if (!line.trim()) { return; }
      try { received(JSON.parse(line)); } catch (error) { /* not a frame */ }
    });
  }

  function streamed(response) {
    // The answers as they come, one JSON frame a line (the help lines first).
    if (!response.body || !window.TextDecoder) { return response.text().then(frames); }
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var rest = "";
    function next() {
      return reader.read().then(function (chunk) {
        if (chunk.done) { frames(rest); return; }
        rest += decoder.decode(chunk.value, { stream: true });
        var end = rest.lastIndexOf("\n");
        if (end >= 0) {
          frames(rest.slice(0, end));
          rest = rest.slice(end + 1);
        }
        return next();
      });
    }
    return next();
  }

  function post(data) {
    // One message at a time, in order; sent again (same id: answered once) when it failed.
    var pause = 1000;
    outgoing = outgoing.then(function attempt() {
      return fetch("/say", {
        method: "POST", body: data, credentials: "same-origin", cache: "no-store",
        headers: Object.assign({ "Content-Type": "application/json" }, PAGE)
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        setStatus("");
        return streamed(response);
      }).catch(function () {
        setStatus(texts.offline);
        pause = Math.min(pause * 2, 15000);
        return new Promise(function (done) { setTimeout(done, pause); }).then(attempt);
      });
    });
    poll();  // her answer may bring a reply that waits for her
  }

  function poll() {
    // Held by the server until Maatje writes her something (or 25 s); stops when she is
    // silent as long as a socket stays open, and starts again when she writes.
    if (!polling || asking || Date.now() - lastSaid > idleAfter) { return; }
    asking = true;
    fetch("/poll", { credentials: "same-origin", cache: "no-store", headers: PAGE })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (body) {
        asking = false;
        retry = 500;
        setStatus("");
        (body.frames || []).forEach(received);
        poll();
      })
      .catch(function () {
        asking = false;
        setStatus(texts.offline);
        setTimeout(poll, retry);
        retry = Math.min(retry * 2, 15000);
      });
  }

  function transmit(data) {
    socket.send(data);
    unanswered.push(data);
  }

  function send(frame) {
    counter += 1;
    frame.id = Date.now().toString(36) + counter.toString(36) + Math.random().toString(36).slice(2, 8);
    lastSaid = Date.now();
    var data = JSON.stringify(frame);
    if (polling) {
      post(data);
    } else if (socket && socket.readyState === OPEN) {
      transmit(data);
    } else {
      waiting.push(data);
      if (socket && socket.readyState === CLOSED && socket.idle) { connect(); }
    }
  }

  function say(label, frame) {
    var entry = { from: "me", reply: { text: label } };
    show(entry);
    keep(entry);
    send(frame);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    say(text, { text: text });
    input.focus();
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  var history = load();
  history.forEach(show);
  var start = new URLSearchParams(location.search).get("start");
  if (start && /^[A-Za-z0-9_-]{1,64}$/.test(start)) {
    send({ text: "/start " + start });  // a deep link, like Telegram's t.me/…?start=
    window.history.replaceState(null, "", location.pathname);
  } else if (!history.length) {
    send({ text: "/start" });
  }
  connect();
}());
