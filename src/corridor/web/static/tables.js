// Sorts a table.sortable by the column whose heading is clicked (again: the other way).
// A cell's data-sort, if any, is the value sorted on; numbers sort as numbers.
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var up = th.dataset.order !== "up";
      table.querySelectorAll("thead th").forEach(function (h) { delete h.dataset.order; });
      th.dataset.order = up ? "up" : "down";
      var value = function (row) {
        var cell = row.children[column];
        var text = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
        var number = parseFloat(text.replace(/,/g, ""));
        return text !== "" && isFinite(number) && /^[-\d.,%\s]+$/.test(text) ? number : text;
      };
      var body = table.tBodies[0];
      Array.from(body.rows).sort(function (a, b) {
        var x = value(a), y = value(b);
        if (x === "" || y === "") { return x === y ? 0 : (x === "" ? 1 : -1); }
        var order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0)
          : (typeof x === "number" ? -1 : 1);
        return up ? order : -order;
      }).forEach(function (row) { body.appendChild(row); });
    });
  });
});
