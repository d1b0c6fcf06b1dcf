// Charts of the statistics page. The figures are the page's own (a JSON data block written with
// the tables, stats/views.py chart_figures), so the charts always show what the tables show and
// nothing is fetched twice. No inline script (Content-Security-Policy).
(function () {
  "use strict";

  const COLOURS = ["#a61b1b", "#d9822b", "#2b7bb9", "#3c9d5d", "#7e57c2", "#8d6e63"];
  const number = new Intl.NumberFormat("vi-VN");

  // A long name as several lines (Chart.js draws an array label line by line): the field names
  // were cut off on the axis of a phone's screen.
  function lines(text) {
    const width = window.innerWidth < 576 ? 16 : 30;
    const result = [];
    let line = "";
    String(text).split(" ").forEach((word) => {
      if (line && (line + " " + word).length > width) {
        result.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      result.push(line);
    }
    return result;
  }

  function barChart(canvas, labels, datasets, options) {
    return new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: Object.assign(
        {
          responsive: true,
          maintainAspectRatio: false,
          plugins: {
            legend: { display: datasets.length > 1 },
            tooltip: {
              callbacks: {
                label: function (context) {
                  const name = context.dataset.label ? context.dataset.label + ": " : "";
                  return name + number.format(context.parsed.x ?? context.parsed.y);
                },
              },
            },
          },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
        options || {}
      ),
    });
  }

  const charts = {
    by_year: function (canvas, stats) {
      barChart(
        canvas,
        stats.by_year.map((row) => String(row.year)),
        [
          { label: "Tập thể", data: stats.by_year.map((row) => row.collective), backgroundColor: COLOURS[0] },
          { label: "Cá nhân", data: stats.by_year.map((row) => row.individual), backgroundColor: COLOURS[1] },
        ],
        { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
      );
    },
    by_field: function (canvas, stats) {
      const labels = stats.by_field.map((row) => lines(row.name));
      // Every field named, each on its lines: the chart grows with them instead of skipping some.
      const most = labels.reduce((n, label) => Math.max(n, label.length), 1);
      canvas.parentNode.style.height = Math.max(300, labels.length * (most * 16 + 12) + 60) + "px";
      barChart(
        canvas,
        labels,
        [{ label: "Mô hình", data: stats.by_field.map((row) => row.total), backgroundColor: COLOURS[2] }],
        {
          indexAxis: "y",
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
        }
      );
    },
    by_subunit: function (canvas, stats) {
      barChart(
        canvas,
        stats.by_subunit.map((row) => lines(row.label)),
        [
          { label: "Đăng ký", data: stats.by_subunit.map((row) => row.total), backgroundColor: COLOURS[0] },
          { label: "Công nhận " + stats.local_level, data: stats.by_subunit.map((row) => row.recognised_district), backgroundColor: COLOURS[3] },
        ]
      );
    },
    funnel: function (canvas, stats) {
      barChart(
        canvas,
        stats.funnel.map((step) => step.label),
        [{ label: "", data: stats.funnel.map((step) => step.value), backgroundColor: COLOURS }],
        { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
      );
    },
  };

  function draw() {
    const box = document.getElementById("stats-charts");
    const figures = document.getElementById("stats-chart-figures");
    if (!box || !figures || !window.Chart) {
      return;
    }
    const stats = JSON.parse(figures.textContent);
    box.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const make = charts[canvas.dataset.chart];
      if (make) {
        make(canvas, stats);
      }
    });
  }

  // A printed report shows the lists of missing communes and agencies, not just their count.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach((item) => {
      item.open = true;
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
