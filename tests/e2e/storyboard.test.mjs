// The stories a learner comes for, each stepped through in the page and saved as numbered
// screenshots (`target/e2e/story-…`) that read as a storyboard: ordered creation, scaling up
// and down one pod at a time, a deleted pod coming back to its volume, a crash loop blocking a
// scale-up, and a rolling update held back by a partition.
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

/// Clicks "step" until `predicate(cards, arg)` holds (cards: name → {status, ready, revision}),
/// inside the page so each step is one round of rendering; the predicate is sent as source,
/// so it sees only its arguments. Returns the cards seen after every step, the last one
/// first satisfying the predicate.
async function stepUntil(page, predicate, { arg = null, max = 400 } = {}) {
  const { ok, history } = await page.evaluate(
    async ({ src, arg, max }) => {
      const pred = new Function("cards", "arg", `return (${src})(cards, arg);`);
      const read = () =>
        Object.fromEntries(
          [...document.querySelectorAll("[data-testid=cluster] [data-status]")].map((c) => [
            c.dataset.testid.replace(/^pod-/, ""),
            { status: c.dataset.status, ready: c.dataset.ready === "true", revision: c.dataset.revision },
          ]),
        );
      const history = [read()];
      for (let i = 0; i < max && !pred(history.at(-1), arg); i++) {
        document.querySelector("[data-testid=step]").click();
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        history.push(read());
      }
      return { ok: pred(history.at(-1), arg), history };
    },
    { src: predicate.toString(), arg, max },
  );
  assert.ok(ok, `stepped ${history.length - 1} times without reaching ${predicate}`);
  return history;
}

/// Runs a console command and waits for it to be echoed.
async function run(page, line) {
  await page.getByTestId("prompt").fill(line);
  await page.getByTestId("prompt").press("Enter");
  await page.getByTestId("terminal").getByText(`$ ${line}`, { exact: true }).last().waitFor();
}

/// Opens a pod card's actions (if they are not open) and clicks one.
async function podAction(page, pod, action) {
  const button = page.getByTestId(`pod-${pod}`).getByRole("button", { name: action, exact: true });
  if (!(await button.isVisible())) await page.getByTestId(`pod-${pod}`).locator(".card-main").click();
  await button.click();
}

async function setField(page, label, value) {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(String(value));
  await field.press("Enter");
  await field.blur();
}

const names = (cards) => Object.keys(cards).sort();

test("story 1: web-0, web-1, web-2 are created in order, each only once the one before is Ready", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  const early = await stepUntil(page, (c) => c["web-0"] !== undefined);
  assert.deepEqual(names(early.at(-1)), ["web-0"]);
  await screenshot(page, "story-1a-web-0-created-first");
  const history = await stepUntil(page, (c) => ["web-0", "web-1", "web-2"].every((n) => c[n]?.ready));
  await screenshot(page, "story-1b-three-ready");
  // At the moment each pod first appears, every lower ordinal is Running and Ready.
  for (const [pod, before] of [["web-1", "web-0"], ["web-2", "web-1"]]) {
    const first = history.findIndex((c) => c[pod] !== undefined);
    assert.ok(first > 0, `${pod} appears`);
    assert.equal(history[first - 1][pod], undefined);
    assert.deepEqual(history[first][before], { ...history[first][before], status: "Running", ready: true });
  }
  // The kubelet reported web-2 Ready; the controller sees it at its next sync.
  assert.match(await page.getByTestId("why").textContent(), /web-2 to be Running and Ready: it is Ready now; the controller acts on that at its next sync/);
  await settle(page);
  assert.match(await page.getByTestId("why").textContent(), /statefulset\/web: 3\/3 Ready/);
  assertClean();
  await context.close();
});

test("story 2: scaled to 5 then to 2, web-4 then web-3 then web-2 terminate one at a time; their claims stay", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  await settle(page);
  await setField(page, "Replicas", 5);
  await page.getByTestId("terminal").getByText("$ kubectl scale sts web --replicas=5").waitFor();
  await settle(page);
  assert.deepEqual(names(await stepUntil(page, () => true).then((h) => h.at(-1))), ["web-0", "web-1", "web-2", "web-3", "web-4"]);
  await screenshot(page, "story-2a-five-running");

  await setField(page, "Replicas", 2);
  await page.getByTestId("terminal").getByText("$ kubectl scale sts web --replicas=2").waitFor();
  const history = await stepUntil(page, (c) => Object.keys(c).sort().join() === "web-0,web-1");
  // Highest first, and never two terminating at once.
  const order = [];
  for (const cards of history) {
    const terminating = Object.entries(cards).filter(([, c]) => c.status === "Terminating").map(([n]) => n);
    assert.ok(terminating.length <= 1, `one at a time: ${terminating}`);
    if (terminating.length && order.at(-1) !== terminating[0]) order.push(terminating[0]);
  }
  assert.deepEqual(order, ["web-4", "web-3", "web-2"]);
  // Rewind to the moment web-3 was terminating for the storyboard, then come back.
  await screenshot(page, "story-2c-two-left-claims-retained");
  for (const claim of ["www-web-2", "www-web-3", "www-web-4"]) {
    assert.equal(await page.getByTestId(`claim-${claim}`).getAttribute("data-claim-status"), "Bound", `${claim} is kept`);
  }
  await page.getByTestId("back").click();
  await page.getByTestId("clock").getByText("in the past").waitFor();
  await screenshot(page, "story-2b-web-2-terminating-last");
  assertClean();
  await context.close();
});

test("story 3: a deleted web-1 comes back with the same claim and the data written to it", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  await settle(page);
  await run(page, "kubectl exec web-1 -- sh -c 'echo \"hello from web-1\" > /usr/share/nginx/html/index.html'");
  await run(page, "kubectl get pvc www-web-1 -o jsonpath={.metadata.uid}");
  const uid = async () => (await page.getByTestId("terminal").locator(".entry").last().locator("pre").textContent()).trim();
  const claimUid = await uid();
  assert.match(claimUid, /^[0-9a-f-]{36}$/);

  // kubectl delete waits until the pod is gone, as it does against a cluster: by then the
  // controller has created web-1 again, Pending, with the same claim.
  await podAction(page, "web-1", "delete");
  await page.getByTestId("terminal").getByText('pod "web-1" deleted').waitFor();
  await screenshot(page, "story-3a-web-1-deleted-and-recreated");
  await stepUntil(page, (c) => c["web-1"]?.ready === true);
  await screenshot(page, "story-3b-web-1-back");

  await run(page, "kubectl get pvc www-web-1 -o jsonpath={.metadata.uid}");
  assert.equal(await uid(), claimUid, "the same claim");
  await podAction(page, "web-1", "curl");
  await page.getByTestId("terminal").locator("pre").getByText("hello from web-1", { exact: true }).waitFor();
  await screenshot(page, "story-3c-data-survived");
  assertClean();
  await context.close();
});

test("story 4: a crash-looping web-1 blocks a scale-up, the Why? panel names it, and healing it unblocks", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  await settle(page);
  await podAction(page, "web-1", "crash-loop");
  await page.getByTestId("terminal").getByText("$ sim crashloop web-1").waitFor();
  await setField(page, "Replicas", 5);
  await page.getByTestId("terminal").getByText("$ kubectl scale sts web --replicas=5").waitFor();
  const history = await stepUntil(page, (c) => c["web-1"]?.status === "CrashLoopBackOff");
  assert.ok(history.every((c) => c["web-3"] === undefined), "web-3 is not created while web-1 is not Ready");
  const why = await page.getByTestId("why").textContent();
  assert.match(why, /Waiting: web-1 to be Running and Ready before web-3 is created: its container nginx keeps crashing/);
  assert.match(why, /OrderedReady creates, deletes or updates a pod only when every pod before it is Running and Ready/);
  await screenshot(page, "story-4a-blocked-by-web-1");

  await podAction(page, "web-1", "heal");
  await page.getByTestId("terminal").getByText("$ sim heal web-1").waitFor();
  await stepUntil(page, (c) => ["web-0", "web-1", "web-2", "web-3", "web-4"].every((n) => c[n]?.ready));
  await settle(page);
  assert.match(await page.getByTestId("why").textContent(), /statefulset\/web: 5\/5 Ready/);
  await screenshot(page, "story-4b-healed-five-ready");
  assertClean();
  await context.close();
});

test("story 5: a rolling update with partition 2 replaces only web-2; lowering it rolls web-1 then web-0", async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.getByTestId("sts-web").waitFor();
  await settle(page);
  const before = (await stepUntil(page, () => true)).at(-1);
  const oldRevision = before["web-0"].revision;
  await setField(page, "Partition", 2);
  await page.getByTestId("terminal").getByText(/\$ kubectl patch sts web .*partition.*2/).waitFor();
  await setField(page, "Image (a rolling update)", "registry.k8s.io/nginx-slim:0.24");
  await page.getByTestId("terminal").getByText(/\$ kubectl set image sts\/web \*=registry\.k8s\.io\/nginx-slim:0\.24/).waitFor();
  await settle(page);
  const staged = (await stepUntil(page, () => true)).at(-1);
  const newRevision = staged["web-2"].revision;
  assert.notEqual(newRevision, oldRevision);
  assert.equal(staged["web-1"].revision, oldRevision);
  assert.equal(staged["web-0"].revision, oldRevision);
  assert.ok(await page.locator(".partition-mark").isVisible(), "the partition is drawn");
  await screenshot(page, "story-5a-partition-2-only-web-2-updated");

  await setField(page, "Partition", 0);
  const history = await stepUntil(page, (c, rev) => ["web-0", "web-1"].every((n) => c[n]?.revision === rev && c[n]?.ready), { arg: newRevision });
  const updatedAt = (pod) => history.findIndex((c) => c[pod]?.revision === newRevision);
  assert.ok(updatedAt("web-1") < updatedAt("web-0"), "highest ordinal first");
  await screenshot(page, "story-5b-all-updated");
  assertClean();
  await context.close();
});
