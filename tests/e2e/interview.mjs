// The worker's browser test: Debian's Chromium (driven by playwright-core)
// against a real `ayi serve` on the real models, with a fake camera and a
// fake microphone playing a real recording: tests/fixtures/answer_en.wav for
// English, tests/fixtures/zh_asr_example.wav for Chinese.
//
// On a phone (390×844) and a portrait kiosk (1080×1920), in Chinese and in
// English, the same two stories:
//   - her interview: a double tap on record starts one recording and an
//     early stop is ignored (item 1); live captions while she speaks and the
//     answer soon after she stops (5); what was heard under its own question,
//     the progress with its total, question wording (8); a typed answer with
//     a phone number read out in groups, noted privately (2, 3); a reload
//     mid-answer says what happened (8); every field typed on the review
//     screen (2); publish; on her phone a reload brings her card back;
//   - the shared kiosk (/kiosk) with the microphone refused: the how-to and
//     typing (2); left alone, it asks, then clears everything and goes back
//     to Chinese; a reload does not bring her back, her six-digit code does;
//     "next person" clears it (4); publishing an empty card says why, in the
//     page's language, on screen (8).
// After the English phone interview a family finds the card in the gallery
// and the demo recruiter finds her first in search.
//
// Every screenshot (tests/e2e/screenshots/interview-*) is taken after
// checks.mjs's checks: the page fits the screen, Chinese is in our font, no
// emoji boxes, and no word of the other language outside her own words.
//
//   node tests/e2e/interview.mjs        (after a release build and `ayi models fetch`)

import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, waitForServer } from "./server.mjs";
import { VIEWPORTS, chromiumOptions, checkedShots, fakeMediaArgs, fontRequestsOf, systemChineseFont } from "./checks.mjs";
import assert from "node:assert/strict";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, "target");
const binary = process.env.AYI_BIN || join(targetDir, "release", "ayi");
const shotsDir = join(root, "tests/e2e/screenshots");
mkdirSync(shotsDir, { recursive: true });
const hasSystemFont = systemChineseFont();

// What each language's worker says and types, and what the page says back.
const WORKER = {
  en: {
    mic: "answer_en.wav",
    // The recording is 16.3 s and loops: stop before its start comes round.
    answerMs: 16_600,
    caption: /Maria/,
    heard: /Maria Santos/,
    noted: [/Cooking/, /Elderly care/],
    typedPhone: "I can also drive. My phone number is 138, 12345678",
    privately: /13812345678.*recruiters only/,
    review: { name: "Maria Santos", hometown: "Manila", area: "Pudong", note: "I also look after babies", item: /Infant care/ },
    kioskTyped: "My name is Maria Santos, I am 45, my phone is 138 1234 5678",
    kioskNoted: /Maria Santos/,
    step: (n) => new RegExp(`^Question ${n} of (\\d+)$`),
    stillRecording: /Still recording/,
    cutOff: /cut off when the page reloaded/,
    nothingToPublish: /nothing on the card yet/,
    agree: "I agree, start",
  },
  zh: {
    mic: "zh_asr_example.wav",
    // The recording is 5.5 s (its last 0.3 s and first 0.9 s silent) and
    // loops: twice round, with her pause between, then stop in the silence.
    answerMs: 11_400,
    caption: /体验|语音|识别/,
    heard: /欢迎大家来体验/,
    noted: [],
    typedPhone: "我还会开车，电话是幺三八，幺二三四，五六七八",
    privately: /13812345678.*只给招聘方/,
    review: { name: "何春兰", hometown: "重庆", area: "浦东", note: "我还会带婴儿", item: /育儿嫂/ },
    kioskTyped: "我叫何春兰，五十三岁，重庆人，电话幺三八，幺二三四，五六七八",
    kioskNoted: /何春兰/,
    step: (n) => new RegExp(`^第 ${n} 题，共 (\\d+) 题$`),
    stillRecording: /还在录音/,
    cutOff: /没有录完/,
    nothingToPublish: /名片上还没有内容/,
    agree: "我同意，开始面试",
  },
};

// Her own words on the page, left out of the language check.
const HER_WORDS = ["#heard-text", "#live-caption", "#review-answers", "#noted .chip[title]", "#review-items .chip[title]"];

const data = mkdtempSync(join(tmpdir(), "ayi-e2e-"));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// The server's log goes to a file, shown only if the test fails.
const serverLog = join(data, "server.log");
const logFd = openSync(serverLog, "w");
const server = spawn(binary, ["serve", "--addr", `127.0.0.1:${port}`, "--data", data], {
  cwd: root, stdio: ["ignore", logFd, logFd], env: process.env,
});

// A context of `device`'s size, and its screenshots (checks.mjs) named `interview-${tag}-…`.
async function newContext(browser, device, tag) {
  const context = await browser.newContext({ viewport: VIEWPORTS[device], deviceScaleFactor: 1, reducedMotion: "reduce" });
  const shot = checkedShots(shotsDir, `interview-${tag}`, { hasSystemFont, fontRequests: fontRequestsOf(context) });
  return { context, shot };
}
// Her six digits on the keypad, from the consent screen.
async function typeCode(page, code) {
  await page.click("#open-resume");
  for (const digit of code) await page.click(`#keypad [data-key="${digit}"]`);
}
// The pages' console, shown only if the test fails.
const consoleLines = [];
function watch(page, tag) {
  page.on("pageerror", (e) => { throw new Error(`${tag}: page error: ${e.message}`); });
  page.on("console", (m) => consoleLines.push(`${tag} ${m.type()}: ${m.text()}`));
  page.on("dialog", (d) => d.accept()); // "leave the page?" while recording
}
const changed = (page, selector, before, timeout = 120_000) =>
  page.waitForFunction(([s, prev]) => document.querySelector(s).textContent !== prev, [selector, before], { timeout });

// The step line says which question of how many; the dots show as many.
async function assertStep(page, say, n) {
  const text = (await page.textContent("#step-text")).trim();
  const match = text.match(say.step(n));
  assert.ok(match, `the progress: ${text}`);
  assert.equal(await page.locator("#steps span").count(), Number(match[1]), "as many dots as the total says");
}

// Her interview, spoken and typed, up to her published card. Returns its id.
async function interview(browser, device, lang) {
  const say = WORKER[lang];
  const tag = `${device}-${lang}`;
  const { context, shot } = await newContext(browser, device, tag);
  await context.grantPermissions(["microphone", "camera"], { origin: base });
  const page = await context.newPage();
  watch(page, tag);
  const path = device === "phone" ? "/interview" : "/kiosk?idle=600";

  console.log(`${tag}: consent, photo`);
  await page.goto(base + path);
  await page.waitForSelector("#consent:not(.hidden)");
  if (lang === "en") await page.click("#lang"); // Chinese is the default
  assert.equal(await page.textContent("#agree"), say.agree);
  await shot(page, "consent", { lang });
  await page.click("#agree");
  await page.waitForSelector("#photo:not(.hidden)");
  await page.click("#open-camera");
  await page.waitForSelector("#take-photo:not(.hidden)");
  await page.waitForFunction(() => document.getElementById("camera").videoWidth > 0);
  await shot(page, "camera", { lang });
  await page.click("#take-photo");
  await page.waitForSelector("#question:not(.hidden)");
  const firstQuestion = await page.textContent("#question-text");
  await assertStep(page, say, 1);
  assert.doesNotMatch(firstQuestion, /做做|When you do/, "question wording");
  await shot(page, "first-question", { lang });

  console.log(`${tag}: a double tap, an early stop, live captions`);
  const recordingSince = Date.now();
  await page.dblclick("#record");
  await page.waitForSelector("#record.recording");
  await page.waitForTimeout(700); // past the double tap's settling, short of a real answer
  await page.click("#record");
  assert.ok(await page.$("#record.recording"), "a stop within a second of the start is ignored");
  assert.match(await page.textContent("#record-hint"), say.stillRecording);
  await page.waitForFunction((was) => !new RegExp(was).test(document.getElementById("record-hint").textContent),
    say.stillRecording.source, { timeout: 5000 }); // then the usual hint again
  await page.waitForFunction(() => document.getElementById("live-caption").textContent.length > 0, null,
    { timeout: say.answerMs + 5000 });
  assert.match(await page.textContent("#live-caption"), say.caption, "live captions");
  assert.equal(await page.textContent("#question-text"), firstQuestion, "still the first question");
  await shot(page, "live-caption", { lang, own: HER_WORDS });
  await page.waitForTimeout(Math.max(0, say.answerMs - (Date.now() - recordingSince)));
  const stoppedAt = Date.now();
  await page.click("#record");
  await page.waitForSelector("#heard:not(.hidden)", { timeout: 120_000 });
  await page.waitForSelector("#working", { state: "hidden" });
  const heardAfter = consoleLines.filter((l) => l.startsWith(tag + " ") && l.includes("after the stop tap")).pop();
  console.log(`  shown ${Date.now() - stoppedAt} ms after the stop tap (test driver included); ${heardAfter || "not streamed"}`);
  const heard = await page.textContent("#heard-text");
  assert.match(heard, say.heard, "the answer was transcribed: " + heard);
  assert.equal((await page.textContent("#heard-question")).trim(), firstQuestion.trim(), "what was heard is under its own question");
  const noted = await page.textContent("#noted");
  for (const item of say.noted) assert.match(noted, item, noted);
  await assertStep(page, say, 2);
  await shot(page, "after-spoken-answer", { lang, own: HER_WORDS });

  console.log(`${tag}: a typed answer with a phone number`);
  const secondQuestion = await page.textContent("#question-text");
  await page.click("#type-instead");
  await page.fill("#typed-text", say.typedPhone);
  await page.click("#typed-send");
  await changed(page, "#heard-question", firstQuestion);
  assert.equal((await page.textContent("#heard-question")).trim(), secondQuestion.trim());
  assert.match(await page.textContent("#noted"), say.privately, "the phone number, noted for recruiters only");
  await shot(page, "typed-phone", { lang, own: HER_WORDS });

  console.log(`${tag}: a reload mid-answer`);
  const thirdQuestion = await page.textContent("#question-text");
  const code = (await page.textContent("#resume-shown")).replace(/\D/g, "");
  assert.equal(code.length, 6, "her code is shown");
  await page.click("#record");
  await page.waitForSelector("#record.recording");
  await page.waitForTimeout(1500);
  await page.reload();
  if (device === "phone") {
    // On her own phone the interview carries on where it was.
    await page.waitForSelector("#question:not(.hidden)");
    assert.match(await page.textContent("#error"), say.cutOff, "a reload mid-answer says what happened");
  } else {
    // A kiosk keeps nothing in the browser: it says what happened, and her code brings her back.
    await page.waitForSelector("#consent:not(.hidden)");
    assert.match(await page.textContent("#error"), say.cutOff, "a reload mid-answer says what happened");
    assert.equal(await page.evaluate(() => localStorage.getItem("ayi.interview")), null);
    await typeCode(page, code);
    await page.click("#resume-go");
    await page.waitForSelector("#question:not(.hidden)");
  }
  assert.equal(await page.textContent("#question-text"), thirdQuestion, "the same question, not skipped");
  await assertStep(page, say, 3);
  await shot(page, "reload-mid-answer", { lang });
  await page.click("#finish-early");
  await page.waitForSelector("#review:not(.hidden)");
  await page.waitForFunction(() => document.getElementById("review-card").naturalWidth > 0);
  await shot(page, "review", { lang, own: HER_WORDS });

  console.log(`${tag}: every field typed on the review screen`);
  assert.equal(await page.inputValue("#phone"), "13812345678");
  const r = say.review;
  await page.fill("#name", r.name);
  await page.fill("#hometown", r.hometown);
  await page.fill("#work-area", r.area);
  await page.fill("#pay", "6500");
  await page.fill("#note", r.note);
  await page.click("#save-numbers");
  await page.waitForSelector("#error .notice");
  for (const [field, value] of [["#name", r.name], ["#hometown", r.hometown], ["#work-area", r.area], ["#pay", "6500"]]) {
    assert.equal(await page.inputValue(field), value, field);
  }
  assert.match(await page.textContent("#review-items"), r.item, "the typed note was read");
  await shot(page, "review-typed", { lang, own: HER_WORDS });
  await page.click("#publish");
  await page.waitForSelector("#done:not(.hidden)");
  await page.waitForFunction(() => document.getElementById("done-card").naturalWidth > 0);
  const profileId = (await page.getAttribute("#done-link", "href")).split("/").pop();
  await shot(page, "published", { lang });
  await page.reload();
  // Her phone shows her card again; a kiosk shows nothing of hers.
  await page.waitForSelector(device === "phone" ? "#done:not(.hidden)" : "#consent:not(.hidden)");
  await context.close();
  return profileId;
}

// The shared kiosk with its microphone refused: typing, the idle reset,
// her code, "next person", and an empty card refused in her language.
async function sharedKiosk(browser, device, lang) {
  const say = WORKER[lang];
  const tag = `shared-kiosk-${device}-${lang}`;
  const { context, shot } = await newContext(browser, device, tag);
  await context.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("denied", "NotAllowedError"));
  });
  const page = await context.newPage();
  watch(page, tag);
  const IDLE_S = 6;
  const start = async () => {
    await page.waitForSelector("#consent:not(.hidden)");
    if (lang === "en") await page.click("#lang");
    await page.click("#agree");
    await page.click("#skip-photo");
    await page.waitForSelector("#question:not(.hidden)");
  };

  console.log(`${tag}: no microphone, typing`);
  await page.goto(`${base}/kiosk?idle=${IDLE_S}`);
  await start();
  await page.click("#record");
  await page.waitForSelector("#mic-help:not(.hidden)");
  await page.waitForSelector("#typed:not(.hidden)");
  await shot(page, "no-microphone", { lang });
  const q1 = await page.textContent("#question-text");
  await page.fill("#typed-text", say.kioskTyped);
  await page.click("#typed-send");
  await changed(page, "#question-text", q1);
  const noted = await page.textContent("#noted");
  assert.match(noted, say.kioskNoted, noted);
  assert.match(noted, say.privately, noted);
  const code = (await page.textContent("#resume-shown")).replace(/\D/g, "");
  assert.equal(code.length, 6, "the resume code is shown");
  await shot(page, "typed-answer", { lang, own: HER_WORDS });

  console.log(`${tag}: left alone`);
  await page.waitForSelector("#overlay:not(.hidden)", { timeout: (IDLE_S + 5) * 1000 });
  assert.match(await page.textContent("#overlay-text"), new RegExp(code), "the countdown tells her code");
  await shot(page, "still-there", { lang });
  await page.waitForSelector("#consent:not(.hidden)", { timeout: 20_000 });
  const left = await page.evaluate(() => document.body.innerText + [...document.querySelectorAll("input, textarea")].map((i) => i.value).join(" "));
  for (const secret of [...say.kioskTyped.split(/[，,\s]+/).filter((w) => w.length > 2), "13812345678", code]) {
    assert.ok(!left.includes(secret), `${secret} left on the kiosk`);
  }
  assert.equal(await page.evaluate(() => localStorage.getItem("ayi.interview")), null);
  assert.equal(await page.textContent("#agree"), WORKER.zh.agree, "the next person starts in Chinese");
  await shot(page, "after-idle-reset", { lang: "zh" });

  console.log(`${tag}: her code, then next person`);
  await page.reload();
  await page.waitForSelector("#consent:not(.hidden)");
  assert.equal(await page.isVisible("#question"), false, "a reload does not bring her back");
  await typeCode(page, code);
  await shot(page, "resume-code", { lang: "zh" });
  await page.click("#resume-go");
  await page.waitForSelector("#question:not(.hidden)");
  await assertStep(page, say, 2); // back in her language, at her next question
  await page.click("#next-person");
  await page.waitForSelector("#overlay:not(.hidden)");
  assert.match(await page.textContent("#overlay-text"), new RegExp(code));
  await shot(page, "next-person", { lang });
  await page.click("#overlay-yes");
  await page.waitForSelector("#consent:not(.hidden)");
  assert.equal(await page.textContent("#agree"), WORKER.zh.agree, "the next person starts in Chinese");

  console.log(`${tag}: an empty card is not published`);
  await start();
  await page.click("#finish-early");
  await page.waitForSelector("#review:not(.hidden)");
  await page.click("#publish");
  await page.waitForSelector("#error .error");
  assert.match(await page.textContent("#error .error"), say.nothingToPublish);
  const box = await page.locator("#error .error").boundingBox();
  const { height } = page.viewportSize();
  assert.ok(box.y >= 0 && box.y + box.height <= height, "the error is on screen: " + JSON.stringify(box));
  await shot(page, "nothing-to-publish", { lang });
  await context.close();
}

// A family finds her card in the gallery; the demo recruiter finds her
// first in search, opens her profile and shortlists her.
async function familyAndRecruiter(browser, profileId, password) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, reducedMotion: "reduce" });
  const shot = checkedShots(shotsDir, "interview-desktop-en", { hasSystemFont, fontRequests: fontRequestsOf(context) });
  await context.addInitScript(() => localStorage.setItem("ayi.lang", "en"));
  console.log("family: the gallery");
  const family = await context.newPage();
  watch(family, "family");
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
  watch(recruiter, "recruiter");
  await recruiter.goto(base + "/recruiter");
  await recruiter.waitForURL(/\/recruiter\/login/);
  await shot(recruiter, "login", { lang: "en" });
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
  await context.close();
}

try {
  await waitForServer(base, server);
  const password = readFileSync(join(data, "demo-login.txt"), "utf8").trim();
  const plain = await chromium.launch(chromiumOptions());
  try {
    for (const lang of ["en", "zh"]) {
      for (const device of ["phone", "kiosk"]) {
        // A browser of her own: its fake microphone plays her recording from the start.
        const browser = await chromium.launch(chromiumOptions(fakeMediaArgs(join(root, "tests/fixtures", WORKER[lang].mic))));
        let profileId;
        try { profileId = await interview(browser, device, lang); } finally { await browser.close(); }
        // Before anyone else publishes: she is the one the search is for.
        if (device === "phone" && lang === "en") await familyAndRecruiter(plain, profileId, password);
        await sharedKiosk(plain, device, lang);
      }
    }
  } finally {
    await plain.close();
  }
  console.log("browser end-to-end test passed");
} catch (e) {
  console.error(readFileSync(serverLog, "utf8").split("\n").slice(-60).join("\n"));
  console.error(consoleLines.slice(-30).join("\n"));
  throw e;
} finally {
  server.kill("SIGTERM");
  rmSync(data, { recursive: true, force: true });
}
