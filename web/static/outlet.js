// Steward 客户管家 — the outlet page's charts (ECharts): stars and tiers as bars, the 80/20 curve. The
// figures come from the page's data attribute (JSON); the tables beside the charts carry the same numbers.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("outlet-data");
    if (!el || typeof echarts === "undefined") return;
    var d = JSON.parse(el.getAttribute("data-chart"));
    function bars(id, rows) {
      var node = document.getElementById(id);
      if (!node) return;
      echarts.init(node).setOption({
        animation: false,
        grid: { left: 60, right: 16, top: 16, bottom: 24 },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.Label; }) },
        series: [{ type: "bar", data: rows.map(function (r) { return r.N; }), itemStyle: { color: "#b8860b" } }],
        tooltip: {}
      });
    }
    bars("chart-stars", d.stars);
    bars("chart-tiers", d.tiers);
    var curve = document.getElementById("chart-curve");
    if (curve && d.curve) {
      echarts.init(curve).setOption({
        animation: false,
        grid: { left: 48, right: 16, top: 16, bottom: 40 },
        xAxis: { type: "value", min: 0, max: 100, name: d.labels.x, nameLocation: "middle", nameGap: 24 },
        yAxis: { type: "value", min: 0, max: 100, name: d.labels.y },
        series: [
          { type: "line", showSymbol: false, data: d.curve.map(function (p) { return [p[0] / 10, p[1] / 10]; }) },
          { type: "line", showSymbol: false, lineStyle: { type: "dashed" }, data: [[0, 80], [100, 80]] }
        ],
        tooltip: { trigger: "axis" }
      });
    }
  });
})();
