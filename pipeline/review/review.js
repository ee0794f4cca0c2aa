// Review page behaviour: filters by entity label and event type (also from the URL:
// ?labels=UNIT,CASE&types=PENALTY), sentence highlight from an event row, and a self-check
// that the browser really drew every entity mark and every event row (read by the tests).
(function () {
  "use strict";
  const params = new URLSearchParams(window.location.search);

  function applyFromParams(cls, key) {
    const wanted = params.get(key);
    if (wanted === null) return;
    const keep = new Set(wanted.split(",").filter(Boolean));
    document.querySelectorAll("input." + cls).forEach(function (box) {
      box.checked = keep.has(box.value);
    });
  }

  function refresh() {
    const labels = new Set();
    document.querySelectorAll("input.f-label:checked").forEach(function (b) { labels.add(b.value); });
    const types = new Set();
    document.querySelectorAll("input.f-type:checked").forEach(function (b) { types.add(b.value); });
    document.querySelectorAll("mark.entity").forEach(function (m) {
      m.classList.toggle("off", !labels.has(m.dataset.label));
    });
    document.querySelectorAll("tr.event").forEach(function (row) {
      row.classList.toggle("off", !types.has(row.dataset.type));
    });
  }

  function selfCheck() {
    const reports = [];
    document.querySelectorAll("section.report").forEach(function (section) {
      const drawn = Array.from(section.querySelectorAll("mark.entity"))
        .filter(function (m) { return m.getClientRects().length > 0; }).length;
      const rows = Array.from(section.querySelectorAll("tr.event"))
        .filter(function (r) { return r.getClientRects().length > 0; }).length;
      reports.push({
        id: section.dataset.reportId,
        entities: Number(section.dataset.entities),
        overlapping: Number(section.dataset.overlapping),
        drawn: drawn,
        events: Number(section.dataset.events),
        rows: rows,
      });
    });
    const out = document.getElementById("selfcheck");
    out.textContent = JSON.stringify({ filtered: window.location.search !== "", reports: reports });
    document.body.dataset.selfcheck = "done";
  }

  document.querySelectorAll("tr.event").forEach(function (row) {
    row.addEventListener("click", function () {
      document.querySelectorAll(".sent.hl").forEach(function (s) { s.classList.remove("hl"); });
      const link = row.querySelector("td:nth-child(4) a");
      if (!link) return;
      const sentence = document.querySelector(link.getAttribute("href"));
      if (sentence) { sentence.classList.add("hl"); }
    });
  });
  document.querySelectorAll("input.f-label, input.f-type").forEach(function (box) {
    box.addEventListener("change", refresh);
  });
  applyFromParams("f-label", "labels");
  applyFromParams("f-type", "types");
  refresh();
  selfCheck();
})();
