/* Live workshop mode (scanengine/web/live.py): the presenter's screen and the phones follow the session by light
   polling with ETag / 304; a phone posts each answer as it is given. Without this script every page works with
   its buttons. A static file: the CSP forbids inline script. */
(function () {
  "use strict";

  function poller(url, interval, onChange) {
    var etag = null, busy = false;
    function tick() {
      if (busy || document.hidden) { return; }
      busy = true;
      var headers = {"X-Requested-With": "fetch"};
      if (etag) { headers["If-None-Match"] = etag; }
      fetch(url, {headers: headers, credentials: "same-origin", cache: "no-store"}).then(function (r) {
        if (r.status === 304) { return null; }
        etag = r.headers.get("ETag");
        return r.text().then(function (body) { onChange(r.status, body); });
      }).catch(function () { /* a lost poll is retried at the next tick */ }).then(function () { busy = false; });
    }
    window.setInterval(tick, interval);
    return {now: function () { etag = null; busy = false; tick(); }};
  }

  function post(form, extra) {
    var data = new FormData(form);
    Object.keys(extra || {}).forEach(function (k) { data.append(k, extra[k]); });
    return fetch(form.getAttribute("action"), {method: "POST", body: data, credentials: "same-origin",
                               headers: {"X-Requested-With": "fetch"}});
  }

  /* -- the presenter's screen -- */
  var presenter = document.getElementById("live-presenter");
  if (presenter) {
    var panel = document.getElementById("live-panel");
    var controls = document.getElementById("live-controls");
    var poll = poller(presenter.getAttribute("data-panel"), +presenter.getAttribute("data-poll") || 1000,
      function (status, body) {
        if (status === 200) { panel.innerHTML = body; } else if (status === 410) { window.location.reload(); }
      });
    var act = function (action) {
      return post(controls, {action: action}).then(function (r) {
        if (r.status === 410) { window.location.reload(); } else { poll.now(); }
      });
    };
    controls.addEventListener("submit", function (ev) {
      var button = ev.submitter;
      if (!button) { return; }
      if (button.value === "end") {
        if (!window.confirm(button.getAttribute("data-confirm"))) { ev.preventDefault(); }
        return;  /* ending shows its own page: a normal submission */
      }
      ev.preventDefault();
      act(button.value);
    });
    document.addEventListener("keydown", function (ev) {
      var tag = (ev.target && ev.target.tagName) || "";
      if (ev.altKey || ev.ctrlKey || ev.metaKey || /INPUT|TEXTAREA|SELECT/.test(tag)) { return; }
      if (ev.key === "ArrowRight" || ev.key === "PageDown") { ev.preventDefault(); act("next"); }
      if (ev.key === "ArrowLeft" || ev.key === "PageUp") { ev.preventDefault(); act("previous"); }
    });
  }

  /* -- a phone -- */
  function bindPhone(root) {
    var form = root.querySelector("form.live-answer");
    var status = document.getElementById("live-status");
    if (!form) { return; }
    var say = function (text) { if (status) { status.textContent = text; } };
    var send = function () {
      say("…");
      post(form).then(function (r) {
        if (r.ok) { say(root.getAttribute("data-saved") || "✓"); return; }
        if (r.status === 409 || r.status === 410) { refresh(); return; }
        return r.json().then(function (body) {
          var fields = (body && body.fields) || {};
          say(Object.keys(fields).map(function (k) { return fields[k]; }).join(" ") || root.getAttribute("data-failed"));
        });
      }).catch(function () { say(root.getAttribute("data-failed")); });
    };
    form.addEventListener("change", send);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); send(); });
  }

  function refresh() {
    fetch(window.location.pathname, {credentials: "same-origin", cache: "no-store"}).then(function (r) {
      if (r.status === 410 || r.status === 404) { window.location.reload(); return null; }
      return r.text();
    }).then(function (html) {
      if (html === null || html === undefined) { return; }
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = doc.getElementById("live-phone");
      var current = document.getElementById("live-phone");
      if (!fresh || !current) { window.location.reload(); return; }
      current.replaceWith(fresh);
      bindPhone(fresh);
      var heading = fresh.querySelector("h1");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    });
  }

  var phone = document.getElementById("live-phone");
  if (phone) {
    bindPhone(phone);
    poller(phone.getAttribute("data-state"), +phone.getAttribute("data-poll") || 1000, function (status, body) {
      var root = document.getElementById("live-phone");
      if (status !== 200) { window.location.reload(); return; }
      var state = JSON.parse(body);
      if (state.ended) { window.location.reload(); return; }
      if (String(state.page) !== root.getAttribute("data-page")) { refresh(); }
    });
  }
}());
