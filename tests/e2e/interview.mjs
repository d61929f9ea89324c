// The browser end-to-end test: Debian's Chromium (driven by playwright-core)
// runs a whole interview against a real `ayi serve` on the real models, with
// a fake microphone playing tests/fixtures/answer_en.wav and a fake camera;
// publishes the card; finds it in the families' gallery; logs in as the demo
// recruiter and finds the worker in search. A screenshot of every step goes
// to tests/e2e/screenshots/.
//
//   node tests/e2e/interview.mjs        (after a release build and `ayi models fetch`)

import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import assert from "node:assert/strict";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, "target");
const binary = process.env.AYI_BIN || join(targetDir, "release", "ayi");
const shots = join(root, "tests/e2e/screenshots");
const micFile = join(root, "tests/fixtures/answer_en.wav");
const ANSWER_MS = 17_500; // the fixture is 16.3 s; a little more catches all of it
mkdirSync(shots, { recursive: true });

function freePort() {
  return new Promise((ok) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

async function waitForServer(url, child, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ayi serve exited with ${child.exitCode}`);
    try { if ((await fetch(url + "/healthz")).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("ayi serve did not start");
}

let step = 0;
async function shot(page, name) {
  step += 1;
  const file = join(shots, `${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`  screenshot ${file}`);
}

const data = mkdtempSync(join(tmpdir(), "ayi-e2e-"));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// The server's log goes to a file, shown only if the test fails.
const serverLog = join(data, "server.log");
const logFd = openSync(serverLog, "w");
const server = spawn(binary, ["serve", "--addr", `127.0.0.1:${port}`, "--data", data], {
  cwd: root, stdio: ["ignore", logFd, logFd], env: process.env,
});
let browser;
try {
  await waitForServer(base, server);
  const password = readFileSync(join(data, "demo-login.txt"), "utf8").trim();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
      `--use-file-for-fake-audio-capture=${micFile}`, "--autoplay-policy=no-user-gesture-required"],
  });
  // A phone-sized screen: the narrowest layout the kiosk pages must fit.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, reducedMotion: "reduce" });
  await context.grantPermissions(["microphone", "camera"], { origin: base });
  const page = await context.newPage();
  page.on("pageerror", (e) => { throw new Error("page error: " + e.message); });

  console.log("worker: consent, photo, interview");
  await page.goto(base + "/interview");
  await page.waitForSelector("#consent:not(.hidden)");
  await shot(page, "consent-zh"); // Chinese is the default
  await page.click("#lang"); // English, as the fixture answer is spoken in English
  await page.waitForSelector("#consent:not(.hidden)");
  await shot(page, "consent");
  await page.click("#agree");
  await page.waitForSelector("#photo:not(.hidden)");
  await page.click("#open-camera");
  await page.waitForSelector("#take-photo:not(.hidden)");
  await page.waitForFunction(() => document.getElementById("camera").videoWidth > 0);
  await shot(page, "camera");
  await page.click("#take-photo");
  await page.waitForSelector("#question:not(.hidden)");
  const firstQuestion = await page.textContent("#question-text");
  assert.match(firstQuestion, /name/i);
  await shot(page, "first-question");

  // Two spoken answers, then the worker stops and reviews.
  for (let answer = 1; answer <= 2; answer++) {
    const before = await page.textContent("#question-text");
    await page.click("#record");
    await page.waitForSelector("#record.recording");
    await page.waitForTimeout(ANSWER_MS);
    await page.click("#record");
    await page.waitForFunction((prev) => {
      const q = document.getElementById("question");
      return q.classList.contains("hidden") || document.getElementById("question-text").textContent !== prev;
    }, before, { timeout: 120_000 });
    await page.waitForSelector("#working", { state: "hidden" });
    await shot(page, `after-answer-${answer}`);
    if (answer === 1) {
      const heard = await page.textContent("#heard-text");
      assert.match(heard, /Maria Santos/, "the answer was transcribed: " + heard);
      const noted = await page.textContent("#noted");
      assert.match(noted, /Cooking/, noted);
      assert.match(noted, /Elderly care/, noted);
    }
  }
  await page.click("#finish-early");
  await page.waitForSelector("#review:not(.hidden)");
  await page.waitForFunction(() => document.getElementById("review-card").naturalWidth > 0);
  await shot(page, "review");

  // Remove one item, fix the pay, publish.
  const items = await page.textContent("#review-items");
  assert.match(items, /Cleaning/, items);
  await page.click('#review-items .chip:has-text("Cleaning") button');
  await page.waitForFunction(() => !document.getElementById("review-items").textContent.includes("Cleaning"));
  await page.fill("#pay", "6500");
  await page.click("#save-numbers");
  await page.waitForFunction(() => document.getElementById("pay").value === "6500" && !document.getElementById("review").classList.contains("hidden"));
  await page.click("#publish");
  await page.waitForSelector("#done:not(.hidden)");
  await page.waitForFunction(() => document.getElementById("done-card").naturalWidth > 0);
  const cardLink = await page.getAttribute("#done-link", "href");
  const profileId = cardLink.split("/").pop();
  await shot(page, "published");

  // A reload resumes where the interview is: the published card.
  await page.reload();
  await page.waitForSelector("#done:not(.hidden)");

  console.log("family: the gallery");
  const family = await context.newPage();
  await family.setViewportSize({ width: 1280, height: 900 });
  await family.goto(base + "/gallery");
  await family.waitForSelector(`[data-profile-id="${profileId}"]`);
  const galleryText = await family.textContent("body");
  assert.ok(!galleryText.replace(/\D/g, "").includes("13812345678"), "no phone on the gallery");
  assert.ok(!galleryText.includes("Santos"), "no full name on the gallery");
  await shot(family, "gallery");
  await family.click(`[data-profile-id="${profileId}"]`);
  await family.waitForSelector("img.card");
  await shot(family, "public-card-page");

  console.log("recruiter: login, search, profile");
  const recruiter = await context.newPage();
  await recruiter.setViewportSize({ width: 1280, height: 900 });
  await recruiter.goto(base + "/recruiter");
  await recruiter.waitForURL(/\/recruiter\/login/);
  await shot(recruiter, "login");
  await recruiter.fill("#name", "demo");
  await recruiter.fill("#password", password);
  await recruiter.click('#login button[type="submit"]');
  await recruiter.waitForURL(/\/recruiter(\?|$)/);
  await recruiter.fill("#q", "live-in cook who can care for my elderly mother, budget 7000");
  await recruiter.click('#search button[type="submit"]');
  await recruiter.waitForSelector(`#results [data-profile-id="${profileId}"]`);
  const first = await recruiter.getAttribute("#results .result >> nth=0", "data-profile-id");
  assert.equal(first, profileId, "the new worker ranks first");
  await shot(recruiter, "search");
  await recruiter.click(`#results [data-profile-id="${profileId}"] h3 a`);
  await recruiter.waitForSelector("#worker audio");
  await shot(recruiter, "worker-profile");
  await recruiter.click("#worker button.small"); // shortlist
  await recruiter.waitForFunction(() => document.querySelector("#worker button.small").textContent.includes("★"));
  await recruiter.goto(base + "/recruiter/shortlist");
  await recruiter.waitForSelector("#shortlist .result");
  await shot(recruiter, "shortlist");
  console.log("browser end-to-end test passed");
} catch (e) {
  console.error(readFileSync(serverLog, "utf8").split("\n").slice(-60).join("\n"));
  throw e;
} finally {
  if (browser) await browser.close();
  server.kill("SIGTERM");
  rmSync(data, { recursive: true, force: true });
}
