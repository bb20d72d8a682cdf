// jinguo's own small script: it only enhances; every page works without it.
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Import progress: poll the job's status and move the bar; reload when it is done.
(function () {
  var bar = document.getElementById("import-progress");
  if (!bar || !window.fetch) return;
  var url = bar.getAttribute("data-status");
  var text = document.getElementById("import-progress-text");
  function poll() {
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (s) {
      bar.max = s.total || 1;
      bar.value = s.done;
      if (text) text.textContent = s.done + " / " + s.total;
      if (s.running) { setTimeout(poll, 500); } else { window.location.reload(); }
    }).catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();

// Pickers (picker.html): typing asks /pick/{kind} for suggestions in the caller's scope; a
// click chooses (several when data-multiple); people not found can be registered in place.
(function () {
  if (!window.fetch) return;
  document.querySelectorAll("[data-picker]").forEach(function (box) {
    var kind = box.getAttribute("data-picker");
    var hidden = box.querySelector(".picker-value");
    var search = box.querySelector(".picker-search");
    var results = box.querySelector(".picker-results");
    var chosen = box.querySelector(".picker-chosen");
    var multiple = box.hasAttribute("data-multiple");
    var form = box.closest("form");
    var given = hidden.getAttribute("data-label") || "";
    var picked = hidden.value.split(",").map(function (v) { return v.trim(); })
      .filter(Boolean).map(function (id) { return { id: id, label: given, detail: "" }; });
    var timer = null;

    function show() {
      chosen.textContent = "";
      picked.forEach(function (p, i) {
        var li = document.createElement("li");
        var name = document.createElement("strong");
        name.textContent = p.label || "✓";
        li.appendChild(name);
        if (p.detail) {
          var small = document.createElement("small");
          small.textContent = " " + p.detail;
          li.appendChild(small);
        }
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link picker-remove";
        remove.textContent = box.getAttribute("data-remove");
        remove.addEventListener("click", function () { picked.splice(i, 1); show(); });
        li.appendChild(document.createTextNode(" "));
        li.appendChild(remove);
        chosen.appendChild(li);
      });
      hidden.value = picked.map(function (p) { return p.id; }).join(",");
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function choose(c) {
      c = { id: String(c.id), label: c.label, detail: c.detail };
      if (!multiple) picked = [];
      if (!picked.some(function (p) { return p.id === c.id; })) picked.push(c);
      results.textContent = "";
      search.value = "";
      show();
    }

    function suggest(items) {
      results.textContent = "";
      if (items.length === 0) {
        var none = document.createElement("li");
        none.className = "muted";
        none.textContent = box.getAttribute("data-none");
        results.appendChild(none);
        return;
      }
      items.forEach(function (c) {
        var li = document.createElement("li");
        var b = document.createElement("button");
        b.type = "button";
        b.className = "link";
        b.textContent = c.label + " " + c.detail;
        b.addEventListener("click", function () { choose(c); });
        li.appendChild(b);
        results.appendChild(li);
      });
    }

    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = search.value.trim();
        if (!q) { results.textContent = ""; return; }
        fetch("/pick/" + kind + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(suggest)
          .catch(function () {});
      }, 250);
    });
    // Enter in the search box chooses nothing and submits nothing.
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });

    var create = box.querySelector(".picker-new");
    if (create) {
      var units = create.querySelector(".pn-unit_code");
      create.addEventListener("toggle", function () {
        if (!create.open || units.options.length) return;
        fetch("/pick/units", { credentials: "same-origin" }).then(function (r) { return r.json(); })
          .then(function (list) {
            list.forEach(function (u) { units.add(new Option(u.label, u.code)); });
          }).catch(function () {});
      });
      create.querySelector(".pn-save").addEventListener("click", function () {
        var body = new URLSearchParams();
        var csrf = form ? form.querySelector("input[name=csrf]") : null;
        body.set("csrf", csrf ? csrf.value : "");
        ["name", "id_number", "phone", "unit_code"].forEach(function (f) {
          body.set(f, create.querySelector(".pn-" + f).value);
        });
        var error = create.querySelector(".pn-error");
        error.textContent = "";
        fetch("/pick/people", { method: "POST", credentials: "same-origin", body: body })
          .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, json: j }; }); })
          .then(function (a) {
            if (a.ok) { choose(a.json); create.open = false; return; }
            error.textContent = (a.json.error && a.json.error.message) || "";
          }).catch(function () {});
      });
    }
    show();
  });
})();

// Print buttons.
document.querySelectorAll("[data-print]").forEach(function (b) {
  b.addEventListener("click", function () { window.print(); });
});

// The agreement form offers only the chosen enterprise's jobs.
(function () {
  var enterprise = document.getElementById("agreement-enterprise");
  var job = document.getElementById("agreement-job");
  if (!enterprise || !job) return;
  function filter() {
    var first = null;
    Array.prototype.forEach.call(job.options, function (o) {
      var mine = o.getAttribute("data-enterprise") === enterprise.value;
      o.hidden = !mine;
      o.disabled = !mine;
      if (mine && !first) first = o;
    });
    if (job.selectedOptions.length === 0 || job.selectedOptions[0].disabled) {
      if (first) job.value = first.value;
    }
  }
  enterprise.addEventListener("change", filter);
  filter();
})();

// Tables the server did not declare as lists (list_table.html does) get the same phone cards:
// each cell is labelled with its column's heading.
document.querySelectorAll(".table-wrap table:not(.list)").forEach(function (table) {
  var heads = table.querySelectorAll("thead th");
  if (heads.length === 0) return;
  var names = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
  table.querySelectorAll("tbody tr").forEach(function (tr) {
    Array.prototype.forEach.call(tr.children, function (td, i) {
      if (td.colSpan === 1 && names[i] && !td.hasAttribute("data-label")) td.setAttribute("data-label", names[i]);
    });
  });
  table.classList.add("list");
});

// "Back" on error pages goes back in the history when there is one.
document.querySelectorAll("[data-back]").forEach(function (a) {
  a.addEventListener("click", function (event) {
    if (window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
});

// The case page's action form shows only the fields of the chosen next status (data-for-status).
(function () {
  var to = document.getElementById("transition-to");
  if (!to) return;
  var fields = to.form.querySelectorAll("[data-for-status]");
  function show() {
    fields.forEach(function (f) {
      f.hidden = f.getAttribute("data-for-status").split(" ").indexOf(to.value) < 0;
    });
  }
  to.addEventListener("change", show);
  show();
})();

// Tabs (nav[data-tabs] of links to .tab-panel ids): one panel shows at a time. The panel is the
// one the address names (#tab-checkins, or any element inside a panel), else the one holding a
// refused form's message, else the first. Without the script every panel shows, one after another.
document.querySelectorAll("nav[data-tabs]").forEach(function (nav) {
  var links = Array.prototype.slice.call(nav.querySelectorAll("a[href^='#']"));
  var panels = links.map(function (a) { return document.getElementById(a.getAttribute("href").slice(1)); });
  if (panels.some(function (p) { return !p; })) return;
  nav.setAttribute("role", "tablist");
  function panelOf(el) {
    for (var i = 0; i < panels.length; i++) if (el && panels[i].contains(el)) return i;
    return -1;
  }
  function show(i) {
    panels.forEach(function (p, j) {
      p.hidden = i !== j;
      links[j].setAttribute("aria-selected", String(i === j));
      links[j].classList.toggle("current", i === j);
    });
  }
  links.forEach(function (a, i) {
    a.setAttribute("role", "tab");
    panels[i].setAttribute("role", "tabpanel");
    a.addEventListener("click", function (event) {
      event.preventDefault();
      show(i);
      history.replaceState(null, "", a.getAttribute("href"));
    });
  });
  var named = location.hash ? panelOf(document.getElementById(location.hash.slice(1))) : -1;
  var alerts = Array.prototype.filter.call(document.querySelectorAll(".tab-panel [role=alert]"),
    function (a) { return a.textContent.trim() !== ""; });
  var refused = panelOf(alerts[0]);
  show(named >= 0 ? named : refused >= 0 ? refused : 0);
});

// The program form's rule in words beside it: as a condition changes, the form asks the server
// for the words and today's count (the preview button does the same without the script).
(function () {
  var form = document.querySelector("form[data-rule-preview]");
  if (!form || !window.fetch || !window.FormData) return;
  var words = document.getElementById("rule-words");
  var eligible = document.getElementById("rule-eligible");
  var problem = document.getElementById("rule-problem");
  var empty = words.querySelector(".muted");
  var placeholder = empty ? empty.textContent : "";
  var timer = null;
  var asked = 0;
  function ask() {
    var n = ++asked;
    fetch(form.getAttribute("data-rule-preview"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      body: new URLSearchParams(new FormData(form)),
    }).then(function (r) { return r.json(); }).then(function (a) {
      if (n !== asked) return;
      words.textContent = a.words || placeholder;
      eligible.textContent = a.eligible || "";
      problem.textContent = a.error || "";
      form.setAttribute("data-previewed", String(n));
    }).catch(function () {});
  }
  function changed(event) {
    if (!event.target.closest || !event.target.closest("[data-rule]")) return;
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  }
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
})();
