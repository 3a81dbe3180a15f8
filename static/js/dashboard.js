// Draws the dashboard's charts with Apache ECharts (vendored, no CDN). Each chart's data
// comes from a JSON block the server rendered; clicking a bar or slice opens the list
// behind it.
(function () {
  "use strict";
  const palette = ["#b71c1c", "#ef6c00", "#f9a825", "#2e7d32", "#1565c0", "#6a1b9a"];

  function option(spec) {
    if (spec.type === "pie") {
      return {
        color: palette,
        tooltip: { trigger: "item" },
        legend: { bottom: 0, type: "scroll" },
        series: [{ type: "pie", radius: ["35%", "65%"], data: spec.data }],
      };
    }
    return {
      color: palette,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 10, top: 30, bottom: 60 },
      xAxis: { type: "category", data: spec.categories, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value" },
      series: spec.series.map(function (series) {
        return { type: "bar", name: series.name, data: series.data,
                 stack: spec.stack ? "total" : undefined };
      }),
    };
  }

  for (const element of document.querySelectorAll("[data-chart]")) {
    const source = document.getElementById(element.dataset.chart);
    if (!source || typeof echarts === "undefined") {
      continue;
    }
    const chart = echarts.init(element);
    chart.setOption(option(JSON.parse(source.textContent)));
    chart.on("click", function (params) {
      if (params.data && params.data.link) {
        window.location.href = params.data.link;
      }
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
})();
