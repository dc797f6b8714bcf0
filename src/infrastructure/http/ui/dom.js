/** Small helpers to build the dashboard's markup from data, as DOM nodes (never as HTML strings). */

/** An element with attributes (`null`, `undefined` and `false` leave one out) and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/**
 * Shows a view's sections in the container, replacing only those that changed since the last
 * refresh, so that a refresh keeps the reader's focus and place.
 */
export function showSections(container, sections) {
  const shown = [...container.children];
  sections.forEach((section, index) => {
    const current = shown[index];
    if (!current) container.append(section);
    else if (!current.isEqualNode(section)) current.replaceWith(section);
  });
  for (const extra of shown.slice(sections.length)) extra.remove();
}

/** A page's title with the trail that led to it (`[label, href]` pairs, the last without href). */
export function pageHeader(trail, title) {
  const crumbs = trail.map(([label, href], index) =>
    h("li", {}, index === trail.length - 1 ? h("span", { "aria-current": "page" }, label) : h("a", { href }, label)),
  );
  return h(
    "header",
    { class: "page-header" },
    h("nav", { "aria-label": "Breadcrumb" }, h("ol", { class: "breadcrumb" }, crumbs)),
    h("h1", { tabindex: "-1" }, title),
  );
}

/** A titled section of a page, labelled by its heading. */
export function section(id, title, ...content) {
  return h("section", { class: "panel", "aria-labelledby": id }, h("h2", { id }, title), ...content);
}

/** A table with column headers; rows are arrays of cells (nodes or text). */
export function table(label, headers, rows) {
  return h(
    "table",
    { "aria-label": label },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        headers.map((header) => h("th", { scope: "col" }, header)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((cells) =>
        h(
          "tr",
          {},
          cells.map((cell) => h("td", {}, cell)),
        ),
      ),
    ),
  );
}

/** Label–value pairs, leaving out those without a value. */
export function details(pairs) {
  return h(
    "dl",
    { class: "details" },
    pairs
      .filter(([, value]) => value !== null && value !== undefined && value !== "")
      .flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]),
  );
}

/** A progress bar from 0 to 100 that assistive technology reads as such. */
export function progressBar(percent, label) {
  const value = Math.max(0, Math.min(100, Math.round(Number(percent) || 0)));
  const fill = h("span", { class: "progress-fill" });
  fill.style.width = `${value}%`;
  return h(
    "span",
    { class: "progress-cell" },
    h(
      "span",
      {
        class: value === 100 ? "progress complete" : "progress",
        role: "progressbar",
        "aria-label": label,
        "aria-valuemin": 0,
        "aria-valuemax": 100,
        "aria-valuenow": value,
        "aria-valuetext": `${value} %`,
      },
      fill,
    ),
    h("span", { class: "progress-value", "aria-hidden": "true" }, `${value} %`),
  );
}

/** A state word, coloured by what it means (the word itself carries the meaning). */
export function stateBadge(state) {
  return h("span", { class: `badge state-${String(state).toLowerCase()}` }, state);
}

/** Epoch milliseconds as the reader's local date and time. */
export function timeOf(epochMs) {
  return epochMs ? new Date(epochMs).toLocaleString() : "—";
}

/** A `#/` route to a resource's page. */
export function routeTo(kind, id) {
  return `#/${kind}/${encodeURIComponent(id)}`;
}
