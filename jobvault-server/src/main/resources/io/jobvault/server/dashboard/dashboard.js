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
    drawCharts(document); // canvas colours do not follow CSS by themselves
  }

  // Charts (<div data-chart='{"t": [...], "succeeded": [...], "failed": [...], "rate": [...]}'>): uPlot, in the
  // page's colours, in UTC like every time on the dashboard, as wide as their box.
  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  function utcMinute(seconds) { // 24-hour UTC, like every time on the dashboard
    return new Date(seconds * 1000).toISOString().slice(11, 16);
  }

  function drawChart(el) {
    if (!window.uPlot) return;
    var d;
    try { d = JSON.parse(el.dataset.chart); } catch (e) { return; }
    if (el.jvPlot) { el.jvPlot.destroy(); el.jvPlot = null; }
    var muted = cssVar("--muted"), line = cssVar("--line");
    function axis(extra) {
      var a = { stroke: muted, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 } };
      for (var k in extra) a[k] = extra[k];
      return a;
    }
    var opts = {
      width: Math.max(200, el.clientWidth), height: 200,
      tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
      scales: { x: { time: true }, n: { range: function (u, min, max) { return [0, Math.max(1, max)]; } }, pct: { range: [0, 100] } },
      axes: [axis({ values: function (u, vals) { return vals.map(utcMinute); } }), axis({ scale: "n", size: 48 }),
        axis({ scale: "pct", side: 1, size: 52, grid: { show: false },
          values: function (u, vals) { return vals.map(function (v) { return v + "%"; }); } })],
      series: [
        { value: function (u, v) { return v == null ? "—" : new Date(v * 1000).toISOString().slice(0, 16).replace("T", " ") + "Z"; } },
        { label: "succeeded/min", scale: "n", stroke: cssVar("--ok"), width: 2 },
        { label: "failed/min", scale: "n", stroke: cssVar("--warn"), width: 2 },
        { label: "failure rate", scale: "pct", stroke: cssVar("--error"), width: 1, dash: [4, 4], points: { show: true, size: 5 },
          value: function (u, v) { return v == null ? "—" : v.toFixed(1) + "%"; } }
      ]
    };
    el.jvPlot = new window.uPlot(opts, [d.t, d.succeeded, d.failed, d.rate], el);
  }

  function drawCharts(root) {
    root.querySelectorAll("[data-chart]").forEach(drawChart);
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      document.querySelectorAll("[data-chart]").forEach(function (el) {
        if (el.jvPlot) el.jvPlot.setSize({ width: Math.max(200, el.clientWidth), height: 200 });
      });
    }, 150);
  });
  if (window.matchMedia) {
    var scheme = window.matchMedia("(prefers-color-scheme: dark)");
    if (scheme.addEventListener) scheme.addEventListener("change", function () { drawCharts(document); });
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
      var charts = {}; // a chart whose data did not change is kept as drawn
      region.querySelectorAll("[data-chart]").forEach(function (el) { charts[el.id] = el; });
      region.innerHTML = html;
      region.querySelectorAll("[data-chart]").forEach(function (el) {
        var old = charts[el.id];
        if (old && old.dataset.chart === el.dataset.chart && old.jvPlot) el.replaceWith(old);
        else drawChart(el);
      });
      if (window.htmx) window.htmx.process(region);
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
    drawCharts(document);
    document.querySelectorAll("[data-live]").forEach(liveRegion);
  });
})();
