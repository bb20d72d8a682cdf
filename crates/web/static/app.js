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
