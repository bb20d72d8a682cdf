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

// People search beside a person-id field: typing searches the registry (/api/v1/people) and a
// click on a result fills the nearest person-id field before the box. Without script the id is
// typed.
(function () {
  if (!window.fetch) return;
  document.querySelectorAll("[data-person-pick]").forEach(function (box) {
    var form = box.closest("form");
    var fields = form ? form.querySelectorAll("[data-person-id]") : [];
    var target = null;
    fields.forEach(function (f) {
      if (f.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) target = f;
    });
    if (!target) return;
    box.hidden = false;
    var input = box.querySelector("input[type=search]");
    var list = box.querySelector("ul");
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        list.textContent = "";
        if (!q) return;
        fetch("/api/v1/people?per_page=10&q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (data) {
            list.textContent = "";
            (data.items || []).forEach(function (p) {
              var li = document.createElement("li");
              var b = document.createElement("button");
              b.type = "button";
              b.className = "link";
              b.textContent = p.name + " " + p.id_number_masked;
              b.addEventListener("click", function () {
                target.value = p.id;
                input.value = p.name;
                list.textContent = "";
              });
              li.appendChild(b);
              list.appendChild(li);
            });
          })
          .catch(function () {});
      }, 250);
    });
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
