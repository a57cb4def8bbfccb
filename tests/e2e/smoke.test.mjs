// The page loads with the default example applied, and a learner can run the clock, type
// commands, act on pods, rewind, and get diagnostics for a broken manifest — all without a
// console error.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, screenshot, settle } from "./harness.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/// The STATUS of each pod card, by name.
async function statuses(page) {
  return page.getByTestId("cluster").locator("[data-status]").evaluateAll((cards) =>
    Object.fromEntries(cards.map((c) => [c.dataset.testid.replace(/^pod-/, ""), c.dataset.status])),
  );
}

test("the page opens with the default example applied, and settles to three Running pods", async () => {
  const started = Date.now();
  const { page, context, assertClean } = await openPage(browser);
  await page.getByRole("heading", { name: "StatefulSet Playground" }).waitFor();
  await page.getByTestId("sts-web").waitFor();
  const firstRender = Date.now() - started;
  console.log(`# first render of the default example: ${firstRender} ms`);
  for (const area of ["editor", "cluster", "console"]) {
    assert.ok(await page.getByTestId(area).isVisible(), `the ${area} area is visible`);
  }
  const manifest = await page.getByLabel("Manifest YAML").inputValue();
  assert.match(manifest, /kind: StatefulSet/);
  assert.match(await page.getByTestId("terminal").textContent(), /statefulset\.apps\/web created/);
  assert.deepEqual(await statuses(page), {});
  await screenshot(page, "page-opened");

  await settle(page);
  assert.deepEqual(await statuses(page), { "web-0": "Running", "web-1": "Running", "web-2": "Running" });
  assert.match(await page.getByTestId("why").textContent(), /statefulset\/web: 3\/3 Ready/);
  assert.match(await page.getByTestId("terminal").textContent(), /\$ sim settle\s*settled at \+/);
  assert.match(await page.getByTestId("watch").textContent(), /web-2\s+1\/1\s+Running/);
  assert.match(await page.getByTestId("sts-web").getByTestId("get-sts").textContent(), /web\s+3\/3/);
  await screenshot(page, "page-settled");
  assertClean();
  await context.close();
});

test("commands typed in the console run, and pod actions go through the same language", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  await settle(page);
  const prompt = page.getByTestId("prompt");
  await prompt.fill("kubectl get pods -o wide");
  await prompt.press("Enter");
  await page.getByTestId("terminal").getByText("$ kubectl get pods -o wide").waitFor();
  assert.match(await page.getByTestId("terminal").textContent(), /NOMINATED NODE/);

  // Tab completes a pod name.
  await prompt.fill("kubectl describe pod web-");
  await prompt.press("Tab");
  assert.match(await page.locator(".hint").textContent(), /web-0\s+web-1\s+web-2/);

  // Scale up with the + button: the command appears as typed.
  await page.getByTestId("scale-up").click();
  await page.getByTestId("terminal").getByText("$ kubectl scale sts web --replicas=4").waitFor();
  await settle(page);
  assert.equal((await statuses(page))["web-3"], "Running");

  // Delete a pod from its card.
  await page.getByTestId("pod-web-1").locator(".card-main").click();
  await page.getByTestId("pod-web-1").getByRole("button", { name: "delete", exact: true }).click();
  await page.getByTestId("terminal").getByText("$ kubectl delete pod web-1").waitFor();
  await settle(page);
  assert.equal((await statuses(page))["web-1"], "Running");
  assertClean();
  await context.close();
});

test("clicking an event rewinds the page, and acting from the past discards the future", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  await settle(page);
  const moments = async () => (await page.getByTestId("clock").textContent()).match(/moment (\d+)\/(\d+)/).slice(1).map(Number);
  const [, total] = await moments();
  // The first event is the claim for web-0.
  await page.getByTestId("events").getByRole("button", { name: /create Claim www-web-0/ }).click();
  const [position, stillTotal] = await moments();
  assert.ok(position < total && stillTotal === total, `at ${position} of ${total}`);
  await page.getByTestId("clock").getByText("in the past").waitFor();
  assert.deepEqual(Object.keys(await statuses(page)), ["web-0"]);
  // Acting now cuts the old future off.
  await page.getByTestId("step").click();
  const [after, afterTotal] = await moments();
  assert.equal(after, afterTotal);
  assert.ok(afterTotal < total);
  assertClean();
  await context.close();
});

test("a broken manifest is diagnosed at its line and nothing is applied", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  const source = page.getByTestId("source");
  const text = await source.inputValue();
  await source.fill(text.replace("  replicas: 3", "  replicas: 3\n  replica: 4"));
  await page.getByTestId("apply").click();
  const diagnostics = page.getByTestId("diagnostics");
  await diagnostics.waitFor();
  const line = text.replace("  replicas: 3", "  replicas: 3\n  replica: 4").split("\n").indexOf("  replica: 4") + 1;
  assert.match(await diagnostics.textContent(), new RegExp(`line ${line}, column 3`));
  assert.match(await diagnostics.textContent(), /strict decoding error: unknown field "spec.replica"/);
  assert.equal(await page.locator(".gutter .ln.error").count(), 1);
  // Clicking the place selects the offending key's line in the editor.
  await diagnostics.getByRole("button", { name: `line ${line}, column 3` }).click();
  const selected = await source.evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(selected, "replica: 4");
  assert.doesNotMatch(await page.getByTestId("terminal").textContent(), /configured/);
  await screenshot(page, "page-diagnostics");
  assertClean();
  await context.close();
});

test("the wasm module is served as application/wasm, precompressed with brotli when the browser takes it", async () => {
  const url = new URL("pkg/sts_web_bg.wasm", process.env.STSPLAY_URL);
  const response = await fetch(url, { headers: { "accept-encoding": "gzip, deflate, br" } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/wasm");
  assert.equal(response.headers.get("content-encoding"), "br");
  assert.match(response.headers.get("vary"), /Accept-Encoding/);
  const sent = Number(response.headers.get("content-length"));
  const wasm = new Uint8Array(await response.arrayBuffer());
  assert.deepEqual([...wasm.slice(0, 4)], [0, 0x61, 0x73, 0x6d], "decoded, it is the module");
  assert.ok(sent < wasm.length * 0.8, `brotli sends ${sent} of ${wasm.length} bytes`);
  const gzip = await fetch(url, { headers: { "accept-encoding": "gzip" } });
  assert.equal(gzip.headers.get("content-encoding"), "gzip");
  const plain = await fetch(url, { headers: { "accept-encoding": "identity" } });
  assert.equal(plain.headers.get("content-encoding"), null);
  assert.equal(Number(plain.headers.get("content-length")), wasm.length);
});

test("on a phone-sized screen one pane shows at a time, chosen with tabs", async () => {
  const { page, context, assertClean } = await openPage(browser, { width: 390, height: 844 });
  await page.getByTestId("cluster").waitFor();
  assert.ok(await page.getByTestId("cluster").isVisible());
  assert.ok(!(await page.getByTestId("editor").isVisible()));
  await page.getByRole("tab", { name: "Manifests" }).click();
  assert.ok(await page.getByTestId("editor").isVisible());
  assert.ok(!(await page.getByTestId("cluster").isVisible()));
  await screenshot(page, "page-phone");
  assertClean();
  await context.close();
});

test("the session survives a reload, and a shared link reproduces it in a fresh browser", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  await settle(page);
  await page.getByTestId("scale-up").click();
  await settle(page);
  const clock = await page.getByTestId("clock").textContent();
  const before = await statuses(page);
  assert.equal(Object.keys(before).length, 4);

  await page.reload();
  await page.getByTestId("pod-web-3").waitFor();
  assert.deepEqual(await statuses(page), before);
  assert.equal(await page.getByTestId("clock").textContent(), clock);

  await page.getByTestId("share").click();
  await page.getByTestId("notice").getByText("reproduces this session").waitFor();
  const link = page.url();
  assert.match(link, /#s=[A-Za-z0-9_-]+$/);
  assertClean();
  await context.close();

  const fresh = await openPage(browser, { hash: new URL(link).hash });
  await fresh.page.getByTestId("notice").getByText("Opened the shared session.").waitFor();
  await fresh.page.getByTestId("pod-web-3").waitFor();
  assert.deepEqual(await statuses(fresh.page), before);
  assert.equal(await fresh.page.getByTestId("clock").textContent(), clock);
  fresh.assertClean();
  await fresh.context.close();
});

test("kubectl explain fetches its documents only when first used, and a reload shows the same text", async () => {
  const { page, context, assertClean } = await openPage(browser);
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.getByTestId("sts-web").waitFor();
  assert.ok(!fetched.some((p) => p.includes("/openapi/")), "no documents fetched before explain");
  const prompt = page.getByTestId("prompt");
  await prompt.fill("kubectl explain sts.spec.podManagementPolicy");
  await prompt.press("Enter");
  const terminal = page.getByTestId("terminal");
  await terminal.getByText("FIELD: podManagementPolicy <string>").waitFor();
  assert.deepEqual(fetched.filter((p) => p.includes("/openapi/")), ["/openapi/v1.37.json"]);
  assert.match(await terminal.textContent(), /The default policy is\s+`OrderedReady`/);
  await screenshot(page, "explain");

  // The restored session replays explain with the documents, not an error.
  await page.reload();
  await page.getByTestId("terminal").getByText("FIELD: podManagementPolicy <string>").waitFor();
  assert.doesNotMatch(await page.getByTestId("terminal").textContent(), /could not be loaded/);
  assertClean();
  await context.close();
});

test("embedded in a sandboxed iframe, where storage throws, the page still works", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(msg.text());
  });
  page.on("pageerror", (err) => problems.push(err.message));
  await page.setContent(
    `<iframe sandbox="allow-scripts" src="${process.env.STSPLAY_URL}" style="width:1200px;height:850px"></iframe>`,
  );
  const frame = page.frameLocator("iframe");
  await frame.getByTestId("sts-web").waitFor();
  await frame.getByTestId("settle").click();
  await frame.getByTestId("clock").getByText("settled").waitFor();
  assert.equal(await frame.getByTestId("pod-web-2").getAttribute("data-status"), "Running");
  assert.deepEqual(problems, [], "no errors inside the sandbox");
  await context.close();
});

test("a 1,000-replica set: how long a step takes to render, and the longest task while playing", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  const source = page.getByTestId("source");
  const big = (await source.inputValue())
    .replace("  replicas: 3", "  replicas: 1000\n  podManagementPolicy: Parallel");
  await source.fill(big);
  // The edited set cannot replace the live one (podManagementPolicy is immutable): start over.
  await page.getByTestId("prompt").fill("kubectl delete sts web");
  await page.getByTestId("prompt").press("Enter");
  await page.getByTestId("apply").click();
  await page.getByTestId("terminal").getByText("statefulset.apps/web created").last().waitFor();
  const samples = await page.evaluate(async () => {
    const step = document.querySelector("[data-testid=step]");
    const out = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      step.click();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      out.push(performance.now() - t0);
    }
    return out;
  });
  // The first step created a thousand pods and claims: its report is folded after 40 lines.
  const folded = page.getByTestId("folded-output").first();
  assert.match(await folded.locator("summary").innerText(), /^… \d{4} more lines$/);
  assert.equal(await folded.evaluate((d) => d.open), false);
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  // The longest gap between animation frames while the clock plays at 10×: how long the page
  // was blocked at worst.
  await page.getByLabel("Speed").selectOption({ label: "10×" });
  const longest = await page.evaluate(async () => {
    let last = performance.now();
    let worst = 0;
    let running = true;
    const frame = (t) => {
      worst = Math.max(worst, t - last);
      last = t;
      if (running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    document.querySelector("[data-testid=play]").click();
    await new Promise((r) => setTimeout(r, 3000));
    document.querySelector("[data-testid=play]").click();
    running = false;
    return worst;
  });
  const pods = await page.getByTestId("cluster").locator("[data-status]").count();
  console.log(`# 1,000 replicas: step + render median ${median.toFixed(1)} ms (max ${samples.at(-1).toFixed(1)} ms) over ${samples.length} steps; longest frame gap while playing 3 s at 10×: ${longest.toFixed(0)} ms; ${pods} pod cards on the page`);
  assert.ok(pods <= 48, "large sets are paged");
  await screenshot(page, "page-1000-replicas");
  assertClean();
  await context.close();
});

test("ordered teardown scales to 0, plays, and deletes the set when its last pod is gone", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  await settle(page);
  await page.getByRole("button", { name: "Ordered teardown" }).click();
  await page.getByTestId("terminal").getByText("$ kubectl scale sts web --replicas=0").waitFor();
  await page.getByTestId("terminal").getByText("$ kubectl delete sts web").waitFor({ timeout: 20000 });
  await page.getByTestId("sts-web").waitFor({ state: "detached" });
  const deletes = await page.getByTestId("events").getByText(/^delete Pod web-\d in StatefulSet web successful$/).allTextContents();
  // Newest first in the list: web-0 went last.
  assert.deepEqual(deletes.map((t) => t.match(/web-\d/)[0]), ["web-0", "web-1", "web-2"]);
  assertClean();
  await context.close();
});

test("a watch or a settle typed in the console runs on the page's clock instead of blocking", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  const prompt = page.getByTestId("prompt");
  await prompt.fill("kubectl get pods --watch -l app=web");
  await prompt.press("Enter");
  await page.getByRole("heading", { name: "kubectl get pods --watch -l app=web" }).waitFor();
  await prompt.fill("sim settle");
  await prompt.press("Enter");
  await page.getByTestId("clock").getByText("settled").waitFor();
  assert.match(await page.getByTestId("terminal").textContent(), /\$ sim settle\s*settled at \+/);
  assert.match(await page.getByTestId("watch").textContent(), /web-2\s+1\/1\s+Running/);
  assertClean();
  await context.close();
});

test("the StatefulSet Basics tutorial can be stepped through in the page", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  await page.getByTestId("scripts").selectOption({ label: "The StatefulSet Basics tutorial" });
  await page.getByTestId("sts-web").waitFor({ state: "detached" });
  const next = page.getByTestId("script-next");
  await next.click();
  await page.getByTestId("terminal").getByText("statefulset.apps/web created").waitFor();
  await next.click(); // the watch: it streams in the watch pane
  await page.getByRole("heading", { name: "kubectl get pods --watch -l app=nginx" }).waitFor();
  await page.getByTestId("settle").click();
  await page.getByTestId("clock").getByText("settled").waitFor();
  assert.deepEqual(await statuses(page), { "web-0": "Running", "web-1": "Running" });
  // Service, set, pods, hostnames, then DNS from a throw-away busybox pod.
  for (let i = 0; i < 5; i++) await next.click();
  await page.getByTestId("terminal").getByText("Name:      web-1.nginx").waitFor();
  await screenshot(page, "page-tutorial");
  assertClean();
  await context.close();
});

/// How long the page takes to run a zero-delay timer: what a click or a key waits for.
async function inputDelay(page) {
  return page.evaluate(
    () => new Promise((done) => {
      const start = performance.now();
      setTimeout(() => done(performance.now() - start), 0);
    }),
  );
}

async function type(page, line) {
  const prompt = page.getByTestId("prompt");
  await prompt.fill(line);
  await prompt.press("Enter");
}

test("every action returns: Step after a node loss, and a long advance over a crash loop that can be stopped", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  await settle(page);
  const terminal = page.getByTestId("terminal");
  // The set is deleted and applied again while its pods still terminate, then a node is lost.
  await type(page, "kubectl delete sts web");
  await type(page, "kubectl apply -f manifest.yaml");
  await type(page, "sim node-down node-2");
  await type(page, "sim advance 1m");
  await terminal.getByText(/advanced 1m0s to \+/).waitFor();
  let started = Date.now();
  await page.getByTestId("step").click();
  await terminal.getByText(/nothing to do: the simulation is settled at \+|step \d+ at \+/).first().waitFor();
  const stepMs = Date.now() - started;
  console.log(`# Step after the node loss answered in ${stepMs} ms`);
  assert.ok(stepMs < 1000, `Step answered in ${stepMs} ms`);

  // A crash loop and an advance of 999,999 hours: progress at once, input stays free, Stop works.
  await type(page, "sim node-up node-2");
  await type(page, "sim crashloop web-0");
  started = Date.now();
  await type(page, "sim advance 999999h");
  await page.getByTestId("progress").waitFor();
  const progressMs = Date.now() - started;
  console.log(`# progress of the long advance shown after ${progressMs} ms`);
  assert.ok(progressMs < 1000, `progress shown after ${progressMs} ms`);
  await page.waitForTimeout(500);
  const delays = [];
  for (let i = 0; i < 5; i++) delays.push(await inputDelay(page));
  console.log(`# timer delay while the run goes on: ${delays.map((d) => d.toFixed(0)).join(", ")} ms`);
  assert.ok(Math.max(...delays) < 100, `input waited ${Math.max(...delays)} ms`);
  const progress = await page.getByTestId("progress").textContent();
  assert.match(progress, /^sim advance 999999h · \+\S+ of \+999999h\S* · \d+ steps?$/);
  await screenshot(page, "long-advance-running");
  await page.getByTestId("stop").click();
  await terminal.getByText(/stopped at \+\S+ after \d+ steps?/).waitFor();
  assert.equal(await page.getByTestId("progress").count(), 0);
  // The page is still usable: a command runs and prints.
  await type(page, "kubectl get pod web-0");
  await terminal.getByText(/web-0\s+0\/1\s+(CrashLoopBackOff|Error|Running)/).waitFor();
  await screenshot(page, "long-advance-stopped");
  assertClean();
  await context.close();
});
