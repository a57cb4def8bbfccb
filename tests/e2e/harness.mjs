// The end-to-end harness: launches the system Chromium through playwright-core (no browser
// download), opens the site that `cargo xtask e2e` serves, fails a test on any console error or
// uncaught exception, and saves screenshots for people to look at.
import { chromium } from "playwright-core";
import path from "node:path";
import assert from "node:assert/strict";

const BASE_URL = process.env.STSPLAY_URL;
const CHROMIUM = process.env.STSPLAY_CHROMIUM || "/usr/bin/chromium";
const SHOTS = process.env.STSPLAY_SCREENSHOTS || path.resolve("../../target/e2e");

if (!BASE_URL) {
  throw new Error("STSPLAY_URL is not set: run the browser tests with `cargo xtask e2e`");
}

// Flags for a root user on a closed network: no sandbox, no background traffic.
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/// Opens a page that records every console error and uncaught exception.
export async function openPage(browser, { width = 1280, height = 900, hash = "" } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()}`));
  await page.goto(new URL(hash, BASE_URL).href);
  return {
    page,
    context,
    /// Fails the test if the page logged an error or threw.
    assertClean() {
      assert.deepEqual(problems, [], "the page reported errors");
    },
  };
}

export async function screenshot(page, name) {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/// Presses Settle and waits until the page's clock says the cluster is settled.
export async function settle(page) {
  await page.getByTestId("settle").click();
  await page.getByTestId("clock").getByText("settled").waitFor();
}
