// Plans dashboard: the trend chart of an indicator page (ECharts, data from a JSON block;
// no inline script, as the CSP requires). The page works without it.
(function () {
  "use strict";

  function formatter(suffix) {
    return function (value) {
      if (value === null || value === undefined || Number.isNaN(value)) return "—";
      const text = Number(value).toLocaleString("vi-VN", { maximumFractionDigits: 2 });
      if (!suffix) return text;
      return suffix === "%" || suffix === "‰" ? text + suffix : text + " " + suffix;
    };
  }

  function drawTrend(element, data) {
    const fmt = formatter(data.suffix);
    const years = data.years.map(String);
    const series = [
      {
        name: "Số liệu",
        type: "line",
        data: data.values,
        connectNulls: false,
        symbolSize: 9,
        lineStyle: { width: 3, color: "#0b5c7a" },
        itemStyle: { color: "#0b5c7a" },
        label: { show: true, position: "top", formatter: (p) => fmt(p.value) },
      },
      {
        name: "Mục tiêu",
        type: "scatter",
        data: data.targets.map((t) => ({ value: [String(t[0]), t[1]], text: t[2] })),
        symbol: "diamond",
        symbolSize: 16,
        itemStyle: { color: "#dc3545" },
        label: {
          show: true,
          position: "top",
          color: "#dc3545",
          formatter: (p) => p.data.text,
        },
        tooltip: { formatter: (p) => "Mục tiêu " + p.value[0] + ": " + p.data.text },
      },
    ];
    if (data.path.length) {
      series.push({
        name: "Lộ trình",
        type: "line",
        data: data.path.map((p) => [String(p[0]), p[1]]),
        symbol: "none",
        lineStyle: { type: "dashed", width: 2, color: "#adb5bd" },
        itemStyle: { color: "#adb5bd" },
        tooltip: { show: false },
        z: 1,
      });
    }
    const chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      grid: { left: 56, right: 40, top: 48, bottom: 36 },
      legend: { top: 0, data: series.map((s) => s.name) },
      tooltip: { trigger: "item", valueFormatter: fmt },
      xAxis: { type: "category", data: years, boundaryGap: true },
      yAxis: {
        type: "value",
        scale: true,
        // A percentage never exceeds 100: keep the axis from offering 102%.
        max: data.suffix === "%" ? (v) => Math.min(100, Math.ceil(v.max + (v.max - v.min) * 0.15 + 0.5)) : null,
        name: data.suffix || "số lượng",
        axisLabel: { formatter: (v) => Number(v).toLocaleString("vi-VN") },
      },
      series: series,
    });
    window.addEventListener("resize", () => chart.resize());
    element.setAttribute("data-ready", "1");
  }

  document.addEventListener("DOMContentLoaded", () => {
    const element = document.getElementById("trend-chart");
    const source = document.getElementById("trend-data");
    if (!element || !source || !window.echarts) return;
    drawTrend(element, JSON.parse(source.textContent));
  });
})();
