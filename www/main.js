// Starts the playground. A file of its own (not an inline script), so that a page with a
// strict Content-Security-Policy (`script-src 'self' 'wasm-unsafe-eval'`) can run it; when the
// WebAssembly module cannot be started, the page says why instead of staying blank.
import init from "./pkg/sts_web.js";

init().catch((error) => {
  const app = document.getElementById("app");
  const message = document.createElement("p");
  message.className = "load-error";
  message.setAttribute("role", "alert");
  message.textContent =
    "The StatefulSet Playground could not start: " +
    String(error && error.message ? error.message : error).replace(/\.$/, "") +
    ". It runs as WebAssembly: the browser must support it, and a page's " +
    "Content-Security-Policy must allow it with 'wasm-unsafe-eval'.";
  app.replaceChildren(message);
});
