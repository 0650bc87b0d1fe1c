/* The participant form's script (docs/architecture.md, "Participant form").

   On every page of the form: the running sums of the questions that carry one (data-sum-status) follow the
   typing. With the whole questionnaire (the first GET of a link carries it as JSON in <div id="form-data"
   data-form="...">: every page rendered by the server, by the same templates as the path without JavaScript,
   the participant's page and any answers saved on the server), it turns those pages in the browser, applies
   show_if, checks each step before it moves on (the question's data-rules: the server's own checks as data,
   with the server's messages in the page's language), keeps the answers in progress in localStorage (keyed by
   a hash of the link, cleared after submission) and posts only when asked: "save and continue later", or the
   one submission with every answer and a random submission id, which a retry after a network failure sends
   again (the server stores it once, and checks everything again).

   It knows no question kind by name: it reads the data attributes the field templates emit around every
   question (data-question, data-fields, data-show-if, data-rules) and the form controls inside them. Without
   this script (or without JavaScript) the form works page by page through the server. */
(function (root) {
  "use strict";

  // -- the rules of a question (web/fields.py, FieldKind.rules), over its posted values ------------------------
  var WHOLE = /^[0-9]+$/;
  var DECIMAL = /^[+-]?[0-9]{1,15}(?:[.,][0-9]{1,15})?$/;

  function isWhole(v) { return WHOLE.test(v) && String(Number(v)) === v; }

  var RULES = {
    whole: function (rule, values) {
      var seen = {};
      for (var i = 0; i < values.length; i++) {
        var v = values[i];
        if (!isWhole(v) || Number(v) < rule.min || Number(v) > rule.max) return rule.message;
        if (rule.distinct) {
          if (seen[v]) return rule.distinct.replace("{value}", v);
          seen[v] = true;
        }
      }
      return null;
    },
    count: function (rule, values) {
      return values.length && values.length !== rule.count ? rule.message : null;
    },
    sum: function (rule, values, state) {
      var spent = values.reduce(function (total, v) { return total + Number(v); }, 0);
      if (spent === 0) { state.none = true; return null; }
      return spent !== rule.total ? rule.message.replace("{value}", String(spent)) : null;
    },
    refuse: function (rule, values) {
      return values.length === 1 && values[0] === rule.value ? rule.message : null;
    },
    alone: function (rule, values, state) {
      if (values.indexOf(rule.value) < 0) return null;
      if (values.length > 1) return rule.message;
      state.special = true;
      return null;
    },
    decimal: function (rule, values, state) {
      if (state.special || !values.length) return null;
      var v = values[0].trim();
      if (!v) { state.none = true; return null; }
      return DECIMAL.test(v) ? null : rule.message;
    },
    places: function (rule, values, state) {
      if (state.special || state.none || !values.length) return null;
      var fraction = (values[0].trim().split(/[.,]/)[1] || "").replace(/0+$/, "");
      return fraction.length > rule.max ? rule.message : null;
    },
    range: function (rule, values, state) {
      if (state.special || state.none || !values.length) return null;
      var n = Number(values[0].trim().replace(",", "."));
      return n < rule.min || n > rule.max ? rule.message : null;
    },
    most: function (rule, values, state) {
      if (state.special) return null;
      var distinct = values.filter(function (v, i) { return values.indexOf(v) === i; });
      return distinct.length > rule.max ? rule.message : null;
    },
    required: function (rule, values, state) {
      return !values.length || state.none ? rule.message : null;
    }
  };

  /* The first refusal of a question's rules for its posted values (the non-empty values of its fields, in
     field order), or null. An unknown rule refuses nothing: the server checks it. */
  function refusal(rules, values) {
    var state = {none: false, special: false};
    for (var i = 0; i < rules.length; i++) {
      var check = RULES[rules[i].rule];
      var message = check ? check(rules[i], values, state) : null;
      if (message) return message;
    }
    return null;
  }

  root.ScanengineRules = {refusal: refusal};
  if (typeof document === "undefined") return;

  function valuesOf(question, fd) {
    var out = [];
    (question.getAttribute("data-fields") || "").split(" ").forEach(function (name) {
      if (!name) return;
      fd.getAll(name).forEach(function (v) { if (typeof v === "string" && v !== "") out.push(v); });
    });
    return out;
  }

  // -- running sums: "Verdeeld: 40 van 100. Nog te verdelen: 60." while typing ---------------------------------
  function updateSum(question) {
    var status = question.querySelector("[data-sum-status]");
    if (!status) return;
    var total = Number(status.getAttribute("data-sum-total"));
    var spent = 0;
    Array.prototype.forEach.call(question.querySelectorAll("input"), function (input) {
      var v = parseInt(input.value, 10);
      if (!isNaN(v) && v > 0) spent += v;
    });
    status.textContent = status.getAttribute("data-sum-status").replace("{spent}", spent).replace("{left}", total - spent);
    status.classList.toggle("sum-over", spent > total);
  }

  function updateSums(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll("[data-sum-status]"), function (status) {
      updateSum(status.closest(".question") || status.parentNode);
    });
  }

  document.addEventListener("input", function (event) {
    var question = event.target.closest ? event.target.closest(".question") : null;
    if (question) updateSum(question);
  });
  updateSums(document);

  var dataEl = document.getElementById("form-data");
  var form = document.querySelector("form.questionnaire");
  if (!dataEl || !form || !window.fetch || !window.FormData || !window.URLSearchParams) return;
  var data = JSON.parse(dataEl.getAttribute("data-form"));
  var CONTROL = ["csrf_token", "page", "lang", "action", "all_answers", "submission"];
  var STORE_VERSION = 1;

  // -- the pages -------------------------------------------------------------------------------------------
  var holder = document.createElement("div");
  holder.innerHTML = data.html;
  var served = form.querySelector(".page");
  var pages = Array.prototype.slice.call(holder.children).filter(function (el) { return el.classList.contains("page"); });
  pages.forEach(function (p) { form.insertBefore(p, served); });
  served.parentNode.removeChild(served);
  form.classList.add("enhanced");

  var stepLabel = document.getElementById("step-label");
  var progress = document.querySelector(".progress-wrap progress");
  var announce = document.getElementById("step-announce");
  var status = document.getElementById("form-status");
  var pageInput = form.querySelector("input[name=page]");
  var current = null; // the .page element shown
  var storageKey = null;
  var state = {v: STORE_VERSION, page: null, answers: null, sid: null};
  var busy = false;
  var lastAction = null;

  function $all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  function isControl(name) { return CONTROL.indexOf(name) >= 0; }

  function answerPairs() {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (!isControl(name) && typeof value === "string" && value !== "") out.push([name, value]);
    });
    return out;
  }

  function applyPairs(pairs) {
    var values = {};
    pairs.forEach(function (p) { (values[p[0]] = values[p[0]] || []).push(p[1]); });
    var seen = {};
    $all(form, ".page [name]").forEach(function (el) {
      var name = el.name;
      if (isControl(name) || el.tagName === "BUTTON") return;
      var vals = values[name] || [];
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = vals.indexOf(el.value) >= 0;
      } else {
        var i = seen[name] || 0;
        seen[name] = i + 1;
        el.value = vals[i] === undefined ? "" : vals[i];
      }
    });
  }

  /* A draft saved on the server, as form fields: a value per field, several for a repeated field, and a
     mapping (a ranking's ranks, a points question's points, a matrix's rows) as its fields <question>.<key>. */
  function serverPairs(answers) {
    var out = [];
    function add(name, v) {
      if (v !== null && typeof v === "object" && !Array.isArray(v)) {
        Object.keys(v).forEach(function (key) { add(name + "." + key, v[key]); });
        return;
      }
      (Array.isArray(v) ? v : [v]).forEach(function (one) {
        if (one !== null && one !== undefined && one !== "") out.push([name, String(one)]);
      });
    }
    Object.keys(answers || {}).forEach(function (name) { add(name, answers[name]); });
    return out;
  }

  // -- show_if and the pages a participant sees ------------------------------------------------------------
  function shown(question, fd) {
    var rule = question.getAttribute("data-show-if");
    if (!rule) return true;
    var conditions = JSON.parse(rule);
    return Object.keys(conditions).every(function (qid) {
      return fd.getAll(qid).some(function (v) { return conditions[qid].indexOf(v) >= 0; });
    });
  }

  function refresh() {
    var fd = new FormData(form);
    $all(form, ".question[data-show-if]").forEach(function (q) { q.hidden = !shown(q, fd); });
    return fd;
  }

  function visiblePages() {
    return pages.filter(function (p) {
      var questions = $all(p, ".question");
      return !questions.length || questions.some(function (q) { return !q.hidden; });
    });
  }

  function answered(question, fd) {
    return (question.getAttribute("data-fields") || "").split(" ").some(function (name) {
      return name && fd.getAll(name).some(function (v) { return v !== ""; });
    });
  }

  function updateReview(page, fd) {
    var missing = 0;
    $all(page, "[data-review-page]").forEach(function (group) {
      var left = 0;
      $all(group, "li[data-question]").forEach(function (li) {
        var q = form.querySelector('.question[data-question="' + li.getAttribute("data-question") + '"]');
        li.hidden = !q || q.hidden || answered(q, fd);
        if (!li.hidden) left += 1;
      });
      var target = pages.filter(function (p) { return p.getAttribute("data-page-key") === group.getAttribute("data-review-page"); })[0];
      group.hidden = !left || !target || visiblePages().indexOf(target) < 0;
      if (!group.hidden) missing += left;
    });
    $all(page, "[data-review-all]").forEach(function (el) { el.hidden = missing > 0; });
    $all(page, "[data-review-missing]").forEach(function (el) { el.hidden = missing === 0; });
  }

  function show(page, moveFocus) {
    var fd = refresh();
    var visible = visiblePages();
    if (visible.indexOf(page) < 0) page = visible[Math.min(visible.length - 1, Math.max(0, pages.indexOf(page)))] || visible[0];
    pages.forEach(function (p) { p.hidden = p !== page; });
    current = page;
    var n = visible.indexOf(page) + 1;
    var total = visible.length;
    if (page.querySelector("[data-review-page], [data-review-all]")) updateReview(page, fd);
    var heading = page.querySelector("h1");
    if (stepLabel) {
      var pattern = stepLabel.getAttribute("data-pattern") || "{n}/{total}";
      stepLabel.textContent = pattern.replace("{n}", n).replace("{total}", total);
    }
    if (progress) { progress.max = total; progress.value = n; progress.textContent = n + "/" + total; }
    if (pageInput) pageInput.value = String(n - 1);
    state.page = page.getAttribute("data-page-key") + "@" + pages.indexOf(page);
    keep();
    if (moveFocus) {
      if (status) { status.textContent = ""; status.className = ""; }
      if (announce) announce.textContent = (stepLabel ? stepLabel.textContent : "") + (heading ? ": " + heading.textContent : "");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
      window.scrollTo(0, 0);
    }
  }

  /* The refusals of the shown questions on ``scope`` (a page, or the whole form), by question id. */
  function refusals(scope, fd) {
    var errors = {};
    $all(scope, ".question[data-rules]").forEach(function (q) {
      if (q.hidden) return;
      var message = refusal(JSON.parse(q.getAttribute("data-rules")), valuesOf(q, fd));
      if (message) errors[q.getAttribute("data-question")] = message;
    });
    return errors;
  }

  function turn(step) {
    var fd = refresh();
    if (step > 0) {  // forward only when the page's answers would be accepted; back is always possible
      var errors = refusals(current, fd);
      if (Object.keys(errors).length) { showErrors(errors); return; }
    }
    clearErrors();
    var visible = visiblePages();
    var i = visible.indexOf(current);
    var next = visible[Math.max(0, Math.min(visible.length - 1, i + step))];
    if (next) show(next, true);
  }

  // -- answers in progress: localStorage, keyed by a hash of the link ---------------------------------------
  function keep() {
    if (!storageKey) return;
    state.answers = answerPairs();
    try { window.localStorage.setItem(storageKey, JSON.stringify(state)); } catch (e) { /* storage off or full */ }
  }

  function forget() {
    if (!storageKey) return;
    try { window.localStorage.removeItem(storageKey); } catch (e) { /* storage off */ }
  }

  function restore() {
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(storageKey) || "null"); } catch (e) { saved = null; }
    return saved && saved.v === STORE_VERSION && Array.isArray(saved.answers) ? saved : null;
  }

  function hex(bytes) {
    return Array.prototype.map.call(new Uint8Array(bytes), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function sha256(text) {
    var bytes = new TextEncoder().encode(text);
    if (window.crypto && window.crypto.subtle) return window.crypto.subtle.digest("SHA-256", bytes).then(hex);
    return Promise.resolve(sha256Plain(bytes));
  }

  function sha256Plain(bytes) { // for pages served over plain http, where crypto.subtle is not offered
    var K = [], H = [], i, j;
    function frac(x) { return ((x - Math.floor(x)) * 4294967296) | 0; }
    for (var c = 2, n = 0; n < 64; c++) {
      var prime = true;
      for (j = 2; j * j <= c; j++) if (c % j === 0) { prime = false; break; }
      if (prime) { if (n < 8) H[n] = frac(Math.sqrt(c)); K[n++] = frac(Math.cbrt(c)); }
    }
    var l = bytes.length, words = [], total = ((l + 9 + 63) >> 6) << 4;
    for (i = 0; i < total; i++) words[i] = 0;
    for (i = 0; i < l; i++) words[i >> 2] |= bytes[i] << (24 - (i % 4) * 8);
    words[l >> 2] |= 0x80 << (24 - (l % 4) * 8);
    words[total - 1] = l * 8;
    function rot(x, r) { return (x >>> r) | (x << (32 - r)); }
    for (i = 0; i < total; i += 16) {
      var w = words.slice(i, i + 16), a = H.slice();
      for (j = 0; j < 64; j++) {
        if (j >= 16) {
          var s0 = rot(w[j - 15], 7) ^ rot(w[j - 15], 18) ^ (w[j - 15] >>> 3);
          var s1 = rot(w[j - 2], 17) ^ rot(w[j - 2], 19) ^ (w[j - 2] >>> 10);
          w[j] = (w[j - 16] + s0 + w[j - 7] + s1) | 0;
        }
        var t1 = (a[7] + (rot(a[4], 6) ^ rot(a[4], 11) ^ rot(a[4], 25)) + ((a[4] & a[5]) ^ (~a[4] & a[6])) + K[j] + w[j]) | 0;
        var t2 = ((rot(a[0], 2) ^ rot(a[0], 13) ^ rot(a[0], 22)) + ((a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]))) | 0;
        a = [(t1 + t2) | 0, a[0], a[1], a[2], (a[3] + t1) | 0, a[4], a[5], a[6]];
      }
      for (j = 0; j < 8; j++) H[j] = (H[j] + a[j]) | 0;
    }
    return H.map(function (x) { return ("0000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
  }

  function newSubmissionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // -- messages ----------------------------------------------------------------------------------------------
  function say(text, kind) {
    if (!status) return;
    status.className = text ? "card " + (kind || "notice") : "";
    status.textContent = text;
  }

  function clearErrors() {
    $all(form, ".js-error").forEach(function (el) { el.parentNode.removeChild(el); });
    $all(form, ".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    $all(form, "[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    $all(form, "[data-js-describedby]").forEach(function (el) {
      el.setAttribute("aria-describedby", el.getAttribute("data-js-describedby"));
      if (!el.getAttribute("aria-describedby")) el.removeAttribute("aria-describedby");
      el.removeAttribute("data-js-describedby");
    });
    var summary = document.getElementById("js-error-summary");
    if (summary) summary.parentNode.removeChild(summary);
  }

  /* The refusals of the first page (in the form's order) that has any, shown there: next to each field and in a
     summary at the top of the page, which takes the focus. */
  function showErrors(errors) {
    clearErrors();
    var refused = $all(form, ".question[data-question]").filter(function (q) {
      return Object.prototype.hasOwnProperty.call(errors, q.getAttribute("data-question"));
    });
    if (!refused.length) return;
    var page = pages.filter(function (p) { return p.contains(refused[0]); })[0];
    var list = document.createElement("ul");
    refused.filter(function (q) { return page.contains(q); }).forEach(function (q) {
      var qid = q.getAttribute("data-question");
      if (!q.id) q.id = "q-" + qid;
      var field = q.firstElementChild || q;
      var message = document.createElement("p");
      message.className = "field-error js-error";
      message.id = "e-" + qid;
      message.textContent = errors[qid];
      var legend = field.querySelector("legend, label");
      if (legend && legend.parentNode === field) field.insertBefore(message, legend.nextSibling);
      else field.insertBefore(message, field.firstChild);
      field.classList.add("has-error");
      var described = field.tagName === "FIELDSET" ? [field] : $all(field, "input, select, textarea");
      described.forEach(function (el) {
        el.setAttribute("data-js-describedby", el.getAttribute("aria-describedby") || "");
        el.setAttribute("aria-describedby", ((el.getAttribute("aria-describedby") || "") + " e-" + qid).trim());
      });
      $all(field, "input, select, textarea").forEach(function (el) { el.setAttribute("aria-invalid", "true"); });
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + q.id;
      var label = field.querySelector("legend, label");
      link.textContent = label ? label.textContent.trim() : qid;
      item.appendChild(link);
      item.appendChild(document.createTextNode(": " + errors[qid]));
      list.appendChild(item);
    });
    var summary = document.createElement("div");
    summary.id = "js-error-summary";
    summary.className = "card errors error-summary";
    summary.setAttribute("role", "alert");
    summary.setAttribute("tabindex", "-1");
    var title = document.createElement("h2");
    title.textContent = data.texts.p_errors_title;
    var text = document.createElement("p");
    text.textContent = data.texts.p_errors_text;
    summary.appendChild(title);
    summary.appendChild(text);
    summary.appendChild(list);
    show(page, false);
    page.insertBefore(summary, page.firstChild);
    summary.focus();
  }

  function showDocument(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var main = doc.querySelector("main");
    if (!main) return;
    document.title = doc.title;
    var header = document.querySelector(".site-header");
    var newHeader = doc.querySelector(".site-header");
    if (header && newHeader) header.parentNode.replaceChild(document.adoptNode(newHeader), header);
    var oldMain = document.querySelector("main");
    oldMain.parentNode.replaceChild(document.adoptNode(main), oldMain);
    var heading = main.querySelector("h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
    window.scrollTo(0, 0);
  }

  // -- talking to the server: only when asked --------------------------------------------------------------
  function post(action) {
    if (busy) return;
    keep();
    if (action === "submit") {  // every shown page as its step would check it; the server checks again
      var errors = refusals(form, refresh());
      if (Object.keys(errors).length) { showErrors(errors); return; }
    }
    var fd = new FormData(form);
    fd.set("action", action);
    fd.set("all_answers", "1");
    if (action === "submit") {
      if (!state.sid) { state.sid = newSubmissionId(); keep(); }
      fd.set("submission", state.sid);
    }
    busy = true;
    form.setAttribute("aria-busy", "true");
    if (action === "submit") say(data.texts.p_sending);
    fetch(form.getAttribute("action"), {
      method: "POST", body: new URLSearchParams(fd), credentials: "same-origin",
      headers: {"Accept": "text/html, application/json;q=0.9"}
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") >= 0;
      return (json ? response.json() : response.text()).then(function (body) {
        busy = false;
        form.removeAttribute("aria-busy");
        if (json && response.status === 422 && body.errors) {
          say("");
          showErrors(body.errors);
        } else if (json && response.ok) {
          clearErrors();
          say(body.message || "");
        } else {
          if (response.ok || response.status === 410) forget();
          showDocument(body);
        }
      });
    }).catch(function () {
      busy = false;
      form.removeAttribute("aria-busy");
      say(data.texts.p_offline, "errors");
    });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[name=action]") : null;
    if (button) lastAction = button.value;
    var goto = event.target.closest ? event.target.closest("a[data-goto]") : null;
    if (goto) {
      event.preventDefault();
      var target = pages.filter(function (p) { return p.getAttribute("data-page-key") === goto.getAttribute("data-goto"); })[0];
      if (target) show(target, true);
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var action = (event.submitter && event.submitter.value) || lastAction || "next";
    lastAction = null;
    if (action === "next") turn(1);
    else if (action === "back") turn(-1);
    else if (action === "save" || action === "submit") post(action);
  });

  form.addEventListener("change", function () { refresh(); keep(); });
  form.addEventListener("input", keep);

  // -- start: answers from this browser first, else those saved on the server ------------------------------
  applyPairs(serverPairs(data.answers));
  updateSums(form);
  var start = visiblePages()[data.page] || pages[0];
  refresh();
  start = visiblePages()[data.page] || start;
  show(start, false);
  if (dataEl.hasAttribute("data-no-store")) return; // a preview keeps nothing, not even in this browser
  sha256(window.location.pathname).then(function (digest) {
    storageKey = "scanengine-form-" + digest;
    var saved = restore();
    if (saved) {
      state.sid = saved.sid || null;
      applyPairs(saved.answers);
      updateSums(form);
      refresh();
      var parts = String(saved.page || "").split("@");
      var page = pages[Number(parts[1])];
      if (page && page.getAttribute("data-page-key") === parts[0]) show(page, false);
      else show(current, false);
    }
  });
}(this));
