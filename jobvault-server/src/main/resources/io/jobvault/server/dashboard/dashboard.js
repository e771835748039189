// Jobvault dashboard: theme toggle, confirm-before-submit, and a job page's live progress. No inline script (CSP).
(function () {
  "use strict";
  var root = document.documentElement;
  var saved = null;
  try { saved = localStorage.getItem("jobvault-theme"); } catch (e) { /* storage off: follow the OS */ }
  if (saved === "dark" || saved === "light") root.setAttribute("data-theme", saved);

  function currentTheme() {
    var t = root.getAttribute("data-theme");
    if (t) return t;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function toggleTheme() {
    var next = currentTheme() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { localStorage.setItem("jobvault-theme", next); } catch (e) { /* not kept: fine */ }
  }

  // The job page's progress: listens while the tab is visible, stops when it is hidden, and reloads once the job ends
  // (so its result and buttons show).
  function liveProgress() {
    var live = document.getElementById("job-live");
    if (!live || !live.dataset.events || !window.EventSource) return;
    var source = null;
    var ended = false;
    function update(e) {
      var job;
      try { job = JSON.parse(e.data); } catch (err) { return; }
      var p = job.progress || {};
      var bar = document.getElementById("job-progress");
      if (p.percent !== undefined && bar) { bar.value = p.percent; bar.textContent = p.percent + "%"; }
      var pct = document.getElementById("job-progress-percent");
      if (pct && p.percent !== undefined) pct.textContent = p.percent + "%";
      var msg = document.getElementById("job-progress-message");
      if (msg) msg.textContent = p.message || "";
      var state = document.querySelector("#job-state .state");
      if (state && job.state) { state.textContent = job.state; state.className = "state state-" + job.state; }
      if (job.state && job.state !== live.dataset.state && ["succeeded", "dead", "cancelled"].indexOf(job.state) >= 0) {
        ended = true;
        stop();
        window.location.reload();
      }
    }
    function start() {
      if (source || ended) return;
      source = new EventSource(live.dataset.events);
      source.addEventListener("state", update);
      source.addEventListener("progress", update);
      source.addEventListener("deleted", function () { ended = true; stop(); window.location.reload(); });
    }
    function stop() {
      if (source) { source.close(); source = null; }
    }
    document.addEventListener("visibilitychange", function () {
      if (document.hidden) stop(); else start();
    });
    if (!document.hidden) start();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.getElementById("theme-toggle");
    if (toggle) toggle.addEventListener("click", toggleTheme);
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        if (!window.confirm(form.dataset.confirm)) e.preventDefault();
      });
    });
    liveProgress();
  });
})();
