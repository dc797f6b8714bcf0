import { ApiError, SignedOut, ViprApi } from "./api.js";
import { h, showSections } from "./dom.js";
import { snapshotSessionPage } from "./views/snapshot-session.js";
import { storageSystemPage } from "./views/storage-system.js";
import { storageSystemsPage } from "./views/storage-systems.js";
import { tasksPage } from "./views/tasks.js";
import { volumePage } from "./views/volume.js";

/** Every page reads the API again this often while it is open, so copies and tasks move live. */
const REFRESH_MS = 1000;

/** `#/…` routes: a pattern and the page it shows (given the id the pattern captured). */
const ROUTES = [
  [/^#?\/?$/, storageSystemsPage],
  [/^#\/storage-systems\/([^/]+)$/, storageSystemPage],
  [/^#\/volumes\/([^/]+)$/, volumePage],
  [/^#\/snapshot-sessions\/([^/]+)$/, snapshotSessionPage],
  [/^#\/tasks$/, tasksPage],
];

const api = new ViprApi();
const element = (id) => document.getElementById(id);

/** Bumped whenever what is shown changes, which ends the refresh loop of the page shown before. */
let showing = 0;

function showSignIn(message = "") {
  showing += 1;
  element("view").hidden = true;
  element("view").replaceChildren();
  element("main-nav").hidden = true;
  element("account").hidden = true;
  element("sign-in").hidden = false;
  element("sign-in-message").textContent = message;
  document.title = "Sign in · coprsim";
  element(message ? "sign-in-title" : "user-name").focus();
}

function showSignedIn() {
  element("sign-in").hidden = true;
  element("main-nav").hidden = false;
  element("account").hidden = false;
  element("signed-in-as").textContent = `Signed in as ${api.user}`;
  element("view").hidden = false;
  showPage();
}

async function showPage() {
  const current = ++showing;
  const view = element("view");
  const [page, id] = routeOf(location.hash);
  view.replaceChildren(h("p", { role: "status" }, "Loading…"));
  let first = true;
  while (current === showing) {
    try {
      const { title, sections } = await page(api, id);
      if (current !== showing) return;
      document.title = `${title} · coprsim`;
      showSections(view, sections);
      if (first) view.querySelector("h1")?.focus();
      first = false;
    } catch (error) {
      if (current !== showing) return;
      if (error instanceof SignedOut) return showSignIn(error.message);
      showSections(view, [problem(error)]);
    }
    await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
  }
}

function routeOf(hash) {
  for (const [pattern, page] of ROUTES) {
    const match = pattern.exec(hash);
    if (match) return [page, match[1] === undefined ? undefined : decodeURIComponent(match[1])];
  }
  return [notFoundPage, hash];
}

async function notFoundPage(_api, hash) {
  return { title: "Not found", sections: [problem(new Error(`The dashboard has no page ${hash}.`))] };
}

function problem(error) {
  const code = error instanceof ApiError && error.code ? `Error ${error.status}/${error.code}: ` : "";
  return h(
    "div",
    { class: "problem", role: "alert" },
    h("p", {}, `${code}${error.message}`),
    h("p", {}, h("a", { href: "#/" }, "Back to the storage systems")),
  );
}

element("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const button = form.querySelector("button");
  button.disabled = true;
  element("sign-in-message").textContent = "";
  try {
    await api.login(form.elements.user.value, form.elements.password.value);
    form.reset();
    showSignedIn();
  } catch (error) {
    element("sign-in-message").textContent = error.message;
  } finally {
    button.disabled = false;
  }
});

element("sign-out").addEventListener("click", async () => {
  let message = "You are signed out.";
  try {
    await api.logout();
  } catch (error) {
    // The token is forgotten here either way; one the API did not revoke expires when idle.
    if (!(error instanceof SignedOut))
      message = `You are signed out here, but the API did not revoke the token: ${error.message}`;
  }
  showSignIn(message);
});

window.addEventListener("hashchange", () => {
  if (api.user) showPage();
});

if (api.user) showSignedIn();
else showSignIn();
