// The pages' browser test: Debian's Chromium (driven by playwright-core)
// against a real `ayi serve` on the real models, with the demo workers and a
// configured public URL. On a phone (390×844) and a kiosk (1080×1920
// portrait), in Chinese and in English, it checks that:
//   - the card page fits the screen (no sideways scrolling), its card as wide
//     as a phone allows, and its QR/share address is the --public-url;
//   - Chinese is drawn in the bundled web font (no boxes on a machine without
//     Chinese fonts), and /favicon.ico is an image;
//   - the recruiter's "live-in nanny who can cook, budget 7000" (and its
//     Chinese twin) puts a cook within the budget first and nobody over it
//     above anyone within it, quoting pay like "5,500 yuan" whole;
//   - the gallery's district filter finds the same workers for 浦东 and Pudong.
// Screenshots (pages-*) go to tests/e2e/screenshots/.
//
//   node tests/e2e/pages.mjs        (after a release build and `ayi models fetch`)

import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, waitForServer } from "./server.mjs";
import { VIEWPORTS, assertFits, checkedShots, chromiumOptions, fontRequestsOf, systemChineseFont } from "./checks.mjs";
import assert from "node:assert/strict";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, "target");
const binary = process.env.AYI_BIN || join(targetDir, "release", "ayi");
const shotsDir = join(root, "tests/e2e/screenshots");
mkdirSync(shotsDir, { recursive: true });

// Where phones reach the kiosk: the server is told, and never reached there.
const PUBLIC = "http://kiosk.example:8080";
// What workers said, as the pages show it (names, places, quoted words,
// marked .said), and the gallery's summaries, whose wording is checked
// against the API below: theirs, in their words.
const WORKERS_WORDS = [".said", ".summary"];
const SEARCHES = {
  en: "live-in nanny who can cook, budget 7000",
  zh: "找个会做饭的住家保姆，预算七千",
};


const data = mkdtempSync(join(tmpdir(), "ayi-e2e-pages-"));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const serverLog = join(data, "server.log");
const logFd = openSync(serverLog, "w");
const server = spawn(binary, ["serve", "--addr", `127.0.0.1:${port}`, "--data", data, "--public-url", PUBLIC], {
  cwd: root, stdio: ["ignore", logFd, logFd], env: process.env,
});
let browser;
try {
  await waitForServer(base, server);
  const password = readFileSync(join(data, "demo-login.txt"), "utf8").trim();
  const hasSystemFont = systemChineseFont();
  if (hasSystemFont) console.log("  (this machine has a Chinese font: the web font is loaded explicitly)");
  browser = await chromium.launch(chromiumOptions());

  // The demo workers as the gallery lists them, with the links the server gives.
  const { cards } = await (await fetch(`${base}/api/cards`)).json();
  assert.equal(cards.length, 12, "the demo workers");
  for (const c of cards) {
    assert.equal(c.share_url, `${PUBLIC}/cards/${c.profile_id}`, "the gallery's share link uses --public-url");
  }
  // A Pudong worker who spoke Chinese and one who spoke English (the demo has both).
  const zhCard = cards.find((c) => (c.work_area || "").includes("浦东"));
  const enCard = cards.find((c) => c.work_area === "Pudong");
  assert.ok(zhCard && enCard, "demo workers in 浦东 and in Pudong: " + cards.map((c) => c.work_area).join(", "));

  const favicon = await fetch(`${base}/favicon.ico`);
  assert.equal(favicon.status, 200);
  assert.match(favicon.headers.get("content-type"), /^image\//);

  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    for (const lang of ["zh", "en"]) {
      const tag = `${device}-${lang}`;
      console.log(`${tag}: card page, gallery, search`);
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, reducedMotion: "reduce" });
      await context.addInitScript((l) => localStorage.setItem("ayi.lang", l), lang);
      const fontRequests = fontRequestsOf(context);
      // Each screenshot after checks.mjs's checks: fits, our font, no emoji boxes, the page's language.
      const shot = checkedShots(shotsDir, `pages-${tag}`, { hasSystemFont, fontRequests });
      const page = await context.newPage();
      page.on("pageerror", (e) => { throw new Error(`${tag}: page error: ${e.message}`); });

      // The card page, as a phone opens it from the QR code.
      const card = lang === "zh" ? zhCard : enCard;
      await page.goto(`${base}/cards/${card.profile_id}`);
      await page.waitForFunction(() => document.querySelector("img.card").naturalWidth > 0);
      await assertFits(page, `${tag} card page`);
      const imageWidth = await page.evaluate(() => document.querySelector("img.card").getBoundingClientRect().width);
      if (device === "phone") {
        assert.ok(imageWidth >= 0.9 * viewport.width, `${tag}: the card is ${imageWidth} px on a ${viewport.width} px phone`);
      } else {
        assert.ok(imageWidth >= 800, `${tag}: the card is ${imageWidth} px on the kiosk`);
      }
      const share = await page.getAttribute("p.share a", "href");
      assert.equal(share, `${PUBLIC}/cards/${card.profile_id}`, `${tag}: the page's own address`);
      await shot(page, "card", { lang });

      // The gallery, and its district filter in both scripts.
      await page.goto(`${base}/gallery`);
      await page.waitForSelector("#cards .result");
      await shot(page, "gallery", { lang, own: WORKERS_WORDS });
      const found = {};
      for (const area of ["浦东", "Pudong"]) {
        await page.fill("#area", area);
        // Emptied first, so what appears next is this filter's answer.
        await page.evaluate(() => document.getElementById("cards").replaceChildren());
        await page.click('#filters button[type="submit"]');
        await page.waitForSelector("#cards .result");
        found[area] = (await page.$$eval("#cards .result", (els) => els.map((e) => e.dataset.profileId))).sort();
        assert.ok(found[area].length < cards.length, `${tag}: ${area} filters`);
        await assertFits(page, `${tag} gallery ${area}`);
        if (area === "Pudong") await shot(page, "gallery-pudong", { lang, own: WORKERS_WORDS });
      }
      assert.deepEqual(found["浦东"], found.Pudong, `${tag}: 浦东 and Pudong find the same workers`);
      for (const c of [zhCard, enCard]) assert.ok(found.Pudong.includes(c.profile_id), `${tag}: ${c.work_area} found`);

      // The recruiter's search.
      await page.goto(`${base}/recruiter`);
      await page.waitForURL(/\/recruiter\/login/);
      await page.fill("#name", "demo");
      await page.fill("#password", password);
      await page.click('#login button[type="submit"]');
      await page.waitForURL(/\/recruiter(\?|$)/);
      await page.fill("#q", SEARCHES[lang]);
      await page.click('#search button[type="submit"]');
      await page.waitForSelector("#results .result");
      await assertFits(page, `${tag} search`);
      const reply = await (await page.request.get(`${base}/api/search?` + new URLSearchParams({ q: SEARCHES[lang] }))).json();
      assert.ok(reply.query.needs.includes("cooking"), `${tag}: cooking understood: ${reply.query.needs}`);
      assert.ok(reply.query.needs.includes("pay_at_most_7000"), `${tag}: the budget understood: ${reply.query.needs}`);
      const within = (r) => r.matched.some((m) => m.code === "pay_at_most_7000");
      const over = (r) => r.missing.some((m) => m.code === "pay_at_most_7000" && /超出预算|over budget/.test(m.reason));
      const first = reply.results[0];
      assert.ok(first.matched.some((m) => m.code === "cooking") && within(first),
        `${tag}: a cook within the budget first: ${JSON.stringify(first)}`);
      const lastWithin = reply.results.map(within).lastIndexOf(true);
      const firstOver = reply.results.findIndex(over);
      assert.ok(firstOver === -1 || firstOver > lastWithin, `${tag}: nobody over the budget above anyone within it`);
      assert.ok(firstOver !== -1, `${tag}: the demo has cooks over the budget (they are listed, after)`);
      // Pay is quoted whole: "5,500 yuan a month", not "500 yuan a month".
      const payQuotes = reply.results.flatMap((r) => r.matched.filter((m) => m.code === "pay_at_most_7000").map((m) => m.evidence));
      for (const q of payQuotes) assert.doesNotMatch(q, /^\d{3}(\D|$)/, `${tag}: a pay quote cut at its separator: ${q}`);
      const grouped = payQuotes.find((q) => /\d,\d{3}/.test(q));
      assert.ok(grouped, `${tag}: a quote with a thousands separator: ${payQuotes}`);
      const shown = await page.textContent("#results");
      assert.ok(shown.includes(`“${grouped}”`), `${tag}: the page shows the quote whole`);
      const firstShown = await page.getAttribute("#results .result >> nth=0", "data-profile-id");
      assert.equal(firstShown, first.id, `${tag}: the page ranks as the API`);
      await shot(page, "search", { lang, own: WORKERS_WORDS });

      // The other language's words, searched on this page: what was
      // understood and why each matched are in the page's language, never codes.
      const other = lang === "zh" ? "en" : "zh";
      await page.fill("#q", SEARCHES[other]);
      await page.evaluate(() => { document.getElementById("needs").textContent = ""; });
      await page.click('#search button[type="submit"]');
      await page.waitForFunction(() => document.getElementById("needs").textContent.length > 0);
      await page.waitForSelector("#results .result");
      const understood = await page.textContent("#needs");
      const reasons = await page.textContent("#results");
      assert.doesNotMatch(understood, /pay_at_most|live_in|cooking|infant_care/, `${tag}: codes shown: ${understood}`);
      if (lang === "zh") {
        assert.match(understood, /理解为：.*做饭.*预算 7000 元以内/, understood);
        assert.doesNotMatch(reasons.replace(/“[^”]*”/g, ""), /over budget|did not say|wants to work/, `${tag}: English reasons: ${reasons}`);
      } else {
        assert.match(understood, /Understood as: .*Cooking.*Budget up to 7000 yuan/, understood);
        assert.doesNotMatch(reasons.replace(/“[^”]*”/g, ""), /超出预算|没说/, `${tag}: Chinese reasons: ${reasons}`);
      }
      await shot(page, "search-other-language", { lang, own: WORKERS_WORDS });

      // Gallery summaries in the page's language, whoever the worker is.
      const gallery = await (await page.request.get(`${base}/api/cards?lang=${lang}`)).json();
      for (const c of gallery.cards.filter((c) => c.summary)) {
        // Names and places stay as the worker said them; the wording around them does not.
        if (lang === "zh") assert.doesNotMatch(c.summary, /\b(aged|years|Offers|live-in|yuan|month)\b/i, `${tag}: an English summary on the Chinese gallery: ${c.summary}`);
        else assert.doesNotMatch(c.summary, /岁|从事|期望月薪|住家|能做/, `${tag}: a Chinese summary on the English gallery: ${c.summary}`);
        assert.doesNotMatch(c.summary, /做做/, c.summary);
      }
      await context.close();
    }
  }
  console.log("pages browser test passed");
} catch (e) {
  console.error(readFileSync(serverLog, "utf8").split("\n").slice(-60).join("\n"));
  throw e;
} finally {
  if (browser) await browser.close();
  server.kill("SIGTERM");
  rmSync(data, { recursive: true, force: true });
}
