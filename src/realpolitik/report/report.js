// A click on a point that stands for cited events (customdata: the id of its evidence row)
// scrolls to that row and marks it for a moment.
function realpolitikLink(chart) {
  if (!chart || typeof chart.on !== "function") {
    return;
  }
  chart.on("plotly_click", function (event) {
    var point = event && event.points && event.points[0];
    if (!point || typeof point.customdata !== "string") {
      return;
    }
    var row = document.getElementById(point.customdata);
    if (!row) {
      return;
    }
    row.scrollIntoView({ behavior: "smooth", block: "center" });
    row.classList.add("hit");
    window.setTimeout(function () {
      row.classList.remove("hit");
    }, 2500);
  });
}
