import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// Tables stack on a phone (static/scss/app.scss): each body cell carries its column's name as data-label, and the
// table keeps its table roles for screen readers even when CSS shows it as blocks. A column whose header is only
// for screen readers ("Actions") gets an empty label. Labels already in the template are kept.
for (const table of document.querySelectorAll("table.govuk-table")) {
  const headers = [...table.querySelectorAll("thead th")].flatMap((th) => {
    const hidden = th.querySelector(".govuk-visually-hidden");
    const text = hidden && hidden.textContent.trim() === th.textContent.trim() ? "" : th.textContent.trim();
    return Array(th.colSpan || 1).fill(text);
  });
  table.setAttribute("role", "table");
  for (const part of table.querySelectorAll("thead, tbody")) part.setAttribute("role", "rowgroup");
  for (const row of table.querySelectorAll("tr")) {
    row.setAttribute("role", "row");
    let column = 0;
    for (const cell of row.children) {
      if (cell.tagName === "TH") {
        cell.setAttribute("role", cell.getAttribute("scope") === "row" ? "rowheader" : "columnheader");
      } else {
        cell.setAttribute("role", "cell");
        if (!cell.hasAttribute("data-label") && headers.length) cell.setAttribute("data-label", headers[column] || "");
      }
      column += cell.colSpan || 1;
    }
  }
}

// Typed choices get suggestions as the user types (static/js/autocomplete.mjs); only pages with one load the library.
if (document.querySelector("input[data-autocomplete]")) {
  import("/static/js/autocomplete.mjs").then(({ initAutocompletes }) => initAutocompletes());
}
