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
import { freePort, waitForServer } from "./server.mjs";
import assert from "node:assert/strict";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, "target");
const binary = process.env.AYI_BIN || join(targetDir, "release", "ayi");
const shots = join(root, "tests/e2e/screenshots");
const micFile = join(root, "tests/fixtures/answer_en.wav");
const ANSWER_MS = 16_600; // the fixture is 16.3 s, and loops: stop before its start comes round again
mkdirSync(shots, { recursive: true });


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
  // Emoji only where a font draws them: no empty boxes on a bare kiosk.
  const emoji = await page.evaluate(() => ({ shown: AYI.emojiShown, inText: /\p{Extended_Pictographic}/u.test(document.body.innerText) }));
  assert.ok(emoji.shown || !emoji.inText, "emoji shown as boxes: this browser has no emoji font");
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

  // A double tap on record starts one recording and does not stop it.
  const recordingSince = Date.now();
  await page.dblclick("#record");
  await page.waitForSelector("#record.recording");
  await page.waitForTimeout(400);
  assert.ok(await page.$("#record.recording"), "the second tap of a double tap is ignored");
  // The answer streams while she speaks: what was heard shows before she stops.
  await page.waitForFunction(() => document.getElementById("live-caption").textContent.length > 0, null, { timeout: ANSWER_MS + 5000 });
  assert.match(await page.textContent("#live-caption"), /Maria/, "live captions");
  await shot(page, "live-caption");
  const elapsed = Date.now() - recordingSince;
  await page.waitForTimeout(Math.max(0, ANSWER_MS - elapsed));
  await page.click("#record");
  await page.waitForFunction((prev) => document.getElementById("question-text").textContent !== prev, firstQuestion, { timeout: 120_000 });
  await page.waitForSelector("#working", { state: "hidden" });
  await shot(page, "after-answer-1");
  const heard = await page.textContent("#heard-text");
  assert.match(heard, /Maria Santos/, "the answer was transcribed: " + heard);
  assert.equal((await page.textContent("#heard-question")).trim(), firstQuestion.trim(), "what was heard is shown under its own question");
  const noted = await page.textContent("#noted");
  assert.match(noted, /Cooking/, noted);
  assert.match(noted, /Elderly care/, noted);
  assert.match(await page.textContent("#step-text"), /Question 2 of \d+/);

  // The next answer is typed: a phone number read out in groups is noted (privately).
  const secondQuestion = await page.textContent("#question-text");
  await page.click("#type-instead");
  await page.fill("#typed-text", "I can also drive. My phone number is 138, 12345678");
  await page.click("#typed-send");
  await page.waitForFunction((prev) => document.getElementById("question-text").textContent !== prev, secondQuestion);
  const typedNoted = await page.textContent("#noted");
  assert.match(typedNoted, /13812345678.*recruiters only/, typedNoted);
  assert.match(typedNoted, /Driving/, typedNoted);
  await shot(page, "typed-answer");

  // Skipping is a choice she makes: the interview moves on.
  const thirdQuestion = await page.textContent("#question-text");
  await page.click("#skip");
  await page.waitForFunction((prev) => document.getElementById("question-text").textContent !== prev, thirdQuestion);
  assert.match(await page.textContent("#heard-text"), /skipped/);
  await page.click("#finish-early");
  await page.waitForSelector("#review:not(.hidden)");
  await page.waitForFunction(() => document.getElementById("review-card").naturalWidth > 0);
  await shot(page, "review");

  // Every field can be typed: fix the district, add what was not said; remove one item, fix the pay.
  assert.match(await page.inputValue("#name"), /^Maria/, heard);
  assert.equal(await page.inputValue("#phone"), "13812345678");
  const items = await page.textContent("#review-items");
  assert.match(items, /Cleaning/, items);
  await page.click('#review-items .chip:has-text("Cleaning") button');
  await page.waitForFunction(() => !document.getElementById("review-items").textContent.includes("Cleaning"));
  await page.fill("#work-area", "Pudong");
  await page.fill("#note", "I also look after babies");
  await page.fill("#pay", "6500");
  await page.click("#save-numbers");
  await page.waitForSelector("#error .notice");
  assert.equal(await page.inputValue("#pay"), "6500");
  assert.equal(await page.inputValue("#work-area"), "Pudong");
  assert.match(await page.textContent("#review-items"), /Infant care/, "the typed note was read");
  await shot(page, "review-typed");
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

  console.log("phone, Chinese: reload mid-answer, publishing nothing, skip");
  const phoneZh = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, reducedMotion: "reduce" });
  await phoneZh.grantPermissions(["microphone", "camera"], { origin: base });
  const zh = await phoneZh.newPage();
  zh.on("pageerror", (e) => { throw new Error("page error: " + e.message); });
  zh.on("dialog", (d) => d.accept()); // "leave the page?" while recording
  await zh.goto(base + "/interview");
  await zh.click("#agree");
  await zh.click("#skip-photo");
  await zh.waitForSelector("#question:not(.hidden)");
  assert.match(await zh.textContent("#step-text"), /第 1 题，共 \d+ 题/);
  await zh.click("#record");
  await zh.waitForSelector("#record.recording");
  await zh.waitForTimeout(1500);
  await zh.reload();
  await zh.waitForSelector("#question:not(.hidden)");
  assert.match(await zh.textContent("#error"), /没有录完/, "a reload mid-answer says what happened");
  await shot(zh, "zh-reload-mid-answer");
  await zh.click("#finish-early");
  await zh.waitForSelector("#review:not(.hidden)");
  await zh.click("#publish");
  await zh.waitForSelector("#error .error");
  const publishError = await zh.textContent("#error .error");
  assert.match(publishError, /名片上还没有内容/);
  assert.doesNotMatch(publishError, /[A-Za-z]/, "no English in the Chinese page: " + publishError);
  const box = await zh.locator("#error .error").boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 844, "the error is on screen: " + JSON.stringify(box));
  await shot(zh, "zh-publish-nothing");
  await zh.click("#more-questions");
  await zh.waitForSelector("#question:not(.hidden)");
  const q1 = await zh.textContent("#question-text");
  await zh.click("#skip");
  await zh.waitForFunction((prev) => document.getElementById("question-text").textContent !== prev, q1);
  assert.match(await zh.textContent("#heard-question"), /叫什么名字/);
  assert.match(await zh.textContent("#step-text"), /第 2 题/);
  await phoneZh.close();

  console.log("kiosk: no microphone, typing, idle reset, resume by code, next person");
  // A portrait kiosk whose microphone is refused: the worker types.
  const kioskContext = await browser.newContext({ viewport: { width: 1080, height: 1920 }, deviceScaleFactor: 1, reducedMotion: "reduce" });
  await kioskContext.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("denied", "NotAllowedError"));
  });
  const kiosk = await kioskContext.newPage();
  kiosk.on("pageerror", (e) => { throw new Error("page error: " + e.message); });
  const IDLE_S = 6;
  await kiosk.goto(`${base}/kiosk?idle=${IDLE_S}`);
  await kiosk.waitForSelector("#consent:not(.hidden)");
  await kiosk.click("#agree");
  await kiosk.click("#skip-photo");
  await kiosk.waitForSelector("#question:not(.hidden)");
  await kiosk.click("#record");
  await kiosk.waitForSelector("#mic-help:not(.hidden)");
  await kiosk.waitForSelector("#typed:not(.hidden)");
  await shot(kiosk, "kiosk-no-microphone");
  const kq1 = await kiosk.textContent("#question-text");
  await kiosk.fill("#typed-text", "我叫何春兰，五十三岁，重庆人，电话幺三八，幺二三四，五六七八");
  await kiosk.click("#typed-send");
  await kiosk.waitForFunction((prev) => document.getElementById("question-text").textContent !== prev, kq1);
  const kNoted = await kiosk.textContent("#noted");
  assert.match(kNoted, /何春兰/, kNoted);
  assert.match(kNoted, /13812345678.*只给招聘方/, kNoted);
  const code = (await kiosk.textContent("#resume-shown")).replace(/\D/g, "");
  assert.equal(code.length, 6, "the resume code is shown");
  await shot(kiosk, "kiosk-typed-answer");

  // Left alone: "still there?", then everything is cleared for the next person.
  await kiosk.waitForSelector("#overlay:not(.hidden)", { timeout: (IDLE_S + 5) * 1000 });
  await shot(kiosk, "kiosk-still-there");
  await kiosk.waitForSelector("#consent:not(.hidden)", { timeout: 20_000 });
  const left = await kiosk.evaluate(() => document.body.innerText + [...document.querySelectorAll("input, textarea")].map((i) => i.value).join(" "));
  for (const secret of ["何春兰", "13812345678", "138", code]) assert.ok(!left.includes(secret), `${secret} left on the kiosk`);
  assert.equal(await kiosk.evaluate(() => localStorage.getItem("ayi.interview")), null);
  await shot(kiosk, "kiosk-after-idle-reset");

  // A reload does not bring her back; her code does.
  await kiosk.reload();
  await kiosk.waitForSelector("#consent:not(.hidden)");
  await kiosk.click("#open-resume");
  for (const digit of code) await kiosk.click(`#keypad [data-key="${digit}"]`);
  await shot(kiosk, "kiosk-resume-code");
  await kiosk.click("#resume-go");
  await kiosk.waitForSelector("#question:not(.hidden)");
  assert.match(await kiosk.textContent("#step-text"), /第 2 题/);

  // "Next person", in English: cleared, and back to Chinese.
  await kiosk.click("#lang");
  await kiosk.waitForFunction(() => document.getElementById("step-text").textContent.includes("Question 2"));
  await kiosk.click("#next-person");
  await kiosk.waitForSelector("#overlay:not(.hidden)");
  assert.match(await kiosk.textContent("#overlay-text"), new RegExp(code));
  await shot(kiosk, "kiosk-next-person-en");
  await kiosk.click("#overlay-yes");
  await kiosk.waitForSelector("#consent:not(.hidden)");
  assert.equal(await kiosk.textContent("#agree"), "我同意，开始面试", "the next person starts in Chinese");
  await kioskContext.close();

  console.log("browser end-to-end test passed");
} catch (e) {
  console.error(readFileSync(serverLog, "utf8").split("\n").slice(-60).join("\n"));
  throw e;
} finally {
  if (browser) await browser.close();
  server.kill("SIGTERM");
  rmSync(data, { recursive: true, force: true });
}
