(function () {
  "use strict";
  var doc = document;
  doc.documentElement.className = "js";
  var county = doc.getElementById("f-county");
  var sev = doc.getElementById("f-sev");
  var rule = doc.getElementById("f-rule");
  var text = doc.getElementById("f-text");
  var count = doc.getElementById("f-count");
  if (!county || !sev || !rule || !text || !count) { return; }
  var rows = doc.querySelectorAll("tr.finding");
  var blocks = doc.querySelectorAll(".rule-block");
  var sections = doc.querySelectorAll("details.county");
  function apply() {
    var c = county.value, s = sev.value, r = rule.value;
    var t = text.value.trim().toLowerCase();
    var filtering = !!(c || s || r || t);
    var shown = 0, i, d, ok;
    for (i = 0; i < rows.length; i++) {
      d = rows[i].dataset;
      ok = (!c || d.county === c) && (!s || d.sev === s) && (!r || d.rule === r) &&
        (!t || (d.search || "").indexOf(t) >= 0);
      rows[i].hidden = !ok;
      if (ok) { shown++; }
    }
    for (i = 0; i < blocks.length; i++) {
      blocks[i].hidden = filtering && !blocks[i].querySelector("tr.finding:not([hidden])");
    }
    for (i = 0; i < sections.length; i++) {
      ok = !!sections[i].querySelector("tr.finding:not([hidden])");
      sections[i].hidden = filtering && !ok;
      if (filtering && ok) { sections[i].open = true; }
    }
    count.textContent = String(shown);
  }
  county.addEventListener("change", apply);
  sev.addEventListener("change", apply);
  rule.addEventListener("change", apply);
  text.addEventListener("input", apply);
  // A filter can be linked: report.html#county=港北区&sev=error&rule=BOARD-001&q=甲
  function fromHash() {
    var controls = { county: county, sev: sev, rule: rule, q: text };
    var parts = window.location.hash.slice(1).split("&");
    for (var i = 0; i < parts.length; i++) {
      var at = parts[i].indexOf("=");
      if (at < 0) { continue; }
      var control = controls[parts[i].slice(0, at)];
      var value;
      try { value = decodeURIComponent(parts[i].slice(at + 1)); } catch (e) { continue; }
      if (control && Object.prototype.hasOwnProperty.call(controls, parts[i].slice(0, at))) {
        control.value = value;
      }
    }
  }
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  window.addEventListener("beforeprint", function () {
    var all = doc.querySelectorAll("details");
    for (var i = 0; i < all.length; i++) { all[i].open = true; }
  });
  fromHash();
  apply();
})();
