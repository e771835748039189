// Jobvault dashboard: theme toggle, confirm-before-submit, a job page's live progress, live regions and charts.
// No inline script (CSP).
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

  // Live regions (<div data-live="/live/...">): the server sends the region's HTML whenever it changes. Listens while
  // the tab is visible only; an update waits while the keyboard focus is inside the region (so a button being reached
  // is not swapped away), and the stream ends for good once the region says so (data-live-end).
  function liveRegion(region) {
    var source = null;
    var ended = region.hasAttribute("data-live-end");
    var pending = null;
    function apply(html) {
      if (region.contains(document.activeElement)) { pending = html; return; }
      pending = null;
      region.innerHTML = html;
      if (window.htmx) window.htmx.process(region);
      document.dispatchEvent(new CustomEvent("jobvault:updated", { detail: region }));
    }
    function start() {
      if (source || ended || !window.EventSource) return;
      source = new EventSource(region.dataset.live);
      source.addEventListener("update", function (e) { apply(e.data); });
      source.addEventListener("end", function () { ended = true; stop(); });
      source.addEventListener("signed-out", function () { ended = true; stop(); window.location.reload(); });
    }
    function stop() {
      if (source) { source.close(); source = null; }
    }
    region.addEventListener("focusout", function (e) {
      if (pending !== null && !region.contains(e.relatedTarget)) apply(pending);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.hidden) stop(); else start();
    });
    if (!document.hidden) start();
  }

  document.addEventListener("submit", function (e) { // delegated: forms that arrive with a live update ask too
    var form = e.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) e.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.getElementById("theme-toggle");
    if (toggle) toggle.addEventListener("click", toggleTheme);
    liveProgress();
    document.querySelectorAll("[data-live]").forEach(liveRegion);
  });
})();
