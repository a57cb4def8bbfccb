// The page loads, the app renders its main areas, and the default example is in the editor
// and applied to the simulated cluster.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, screenshot } from "./harness.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("the playground renders its main areas with the default example loaded", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByRole("heading", { name: "StatefulSet Playground" }).waitFor();
  for (const area of ["editor", "cluster", "console"]) {
    assert.ok(await page.getByTestId(area).isVisible(), `the ${area} area is visible`);
  }
  const manifest = await page.getByLabel("Manifest YAML").inputValue();
  assert.match(manifest, /kind: Service/);
  assert.match(manifest, /kind: StatefulSet/);
  assert.match(manifest, /clusterIP: None/);
  // The example has been applied to the simulated cluster and has settled.
  const cluster = page.getByTestId("cluster");
  await cluster.getByText("web-2").waitFor();
  assert.deepEqual(
    await cluster.locator(".pod").allTextContents(),
    ["web-0Running", "web-1Running", "web-2Running"],
  );
  assert.match(await page.getByTestId("explanation").textContent(), /^statefulset\/web: 3\/3 Ready/);
  assert.match(await page.getByTestId("console").textContent(), /web-0\s+1\/1\s+Running/);
  await screenshot(page, "smoke-desktop");
  assertClean();
  await context.close();
});

test("the wasm module is served as application/wasm", async () => {
  const response = await fetch(new URL("pkg/sts_web_bg.wasm", process.env.STSPLAY_URL));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/wasm");
});

test("on a phone-sized screen the areas stack", async () => {
  const { page, context, assertClean } = await openPage(browser, { width: 390, height: 844 });
  await page.getByTestId("editor").waitFor();
  const editor = await page.getByTestId("editor").boundingBox();
  const cluster = await page.getByTestId("cluster").boundingBox();
  assert.ok(cluster.y >= editor.y + editor.height - 1, "the cluster view is below the editor");
  await screenshot(page, "smoke-phone");
  assertClean();
  await context.close();
});
