// The page under a documentation site's strict Content-Security-Policy (the one
// shared/spec/embedding.md names): it starts with no violation, shows a loading state before
// the wasm arrives, and says plainly what is wrong when the host forbids WebAssembly.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, screenshot } from "./harness.mjs";

const STRICT =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/// Opens the page with `csp` on its document, recording violations, console errors and
/// uncaught exceptions.
async function openUnder(csp) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.route("**/*", async (route) => {
    if (route.request().resourceType() !== "document") return route.continue();
    const response = await route.fetch();
    const headers = { ...response.headers(), "content-security-policy": csp };
    // The body Playwright hands over is decoded: drop what described the encoded one.
    delete headers["content-encoding"];
    delete headers["content-length"];
    await route.fulfill({ response, headers, body: await response.body() });
  });
  await page.goto(process.env.STSPLAY_URL);
  return { page, context, problems };
}

test("under a strict CSP the page starts with no violation", async () => {
  const { page, context, problems } = await openUnder(STRICT);
  await page.getByTestId("sts-web").waitFor();
  await page.getByTestId("settle").click();
  await page.getByTestId("clock").getByText("settled").waitFor();
  // kubectl explain fetches its documents: connect-src 'self' allows them.
  const prompt = page.getByTestId("prompt");
  await prompt.fill("kubectl explain sts.spec.replicas");
  await prompt.press("Enter");
  await page.getByTestId("terminal").getByText("FIELD: replicas <integer>").waitFor();
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("without 'wasm-unsafe-eval' the page says why it cannot start instead of staying blank", async () => {
  const { page, context } = await openUnder(STRICT.replace(" 'wasm-unsafe-eval'", ""));
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.textContent(), /could not start.*WebAssembly.*'wasm-unsafe-eval'/s);
  await screenshot(page, "csp-no-wasm");
  await context.close();
});

test("the first paint shows a loading state without waiting for the wasm", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/*.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(process.env.STSPLAY_URL);
  const status = page.getByRole("status");
  await status.waitFor();
  assert.match(await status.textContent(), /Loading the StatefulSet Playground/);
  release();
  await page.getByTestId("sts-web").waitFor();
  assert.equal(await page.getByRole("status").filter({ hasText: "Loading" }).count(), 0);
  await context.close();
});
