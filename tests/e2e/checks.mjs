// What every browser test checks on a page before it takes a screenshot, so
// that a screenshot is a checked one and not only a picture for a person:
//   - the page fits its screen (nothing to scroll sideways);
//   - Chinese is drawn in the bundled web font (no boxes on a kiosk without
//     Chinese fonts);
//   - the page speaks its language: no English words on a Chinese page and
//     no Chinese on an English one, outside what the worker said or typed;
//   - no emoji reaches a browser that cannot draw them (empty boxes).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import assert from "node:assert/strict";

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  kiosk: { width: 1080, height: 1920 }, // a portrait kiosk
};
export const FONT_FAMILY = "ayi CJK";

// Debian's Chromium, headless, with nothing reaching out to the network;
// `extra` adds the fake camera and microphone where a test needs them.
export function chromiumOptions(extra = []) {
  return {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", ...extra],
  };
}

// The fake devices, the microphone playing `wav` (it loops).
export function fakeMediaArgs(wav) {
  return ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    `--use-file-for-fake-audio-capture=${wav}`, "--autoplay-policy=no-user-gesture-required"];
}

// Whether this machine has a Chinese font of its own (then the browser may
// rightly use it instead of downloading ours).
export function systemChineseFont() {
  try { return execFileSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" }).trim() !== ""; }
  catch { return false; }
}

// The page is no wider than the screen: nothing to scroll sideways.
export async function assertFits(page, what) {
  const { scrollWidth, innerWidth } = await page.evaluate(() =>
    ({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth }));
  assert.ok(scrollWidth <= innerWidth, `${what}: the page is ${scrollWidth} px wide on a ${innerWidth} px screen`);
}

// Chinese on the page is drawn in the bundled font, fetched from this server;
// every element with Chinese text (buttons and inputs too, whose fonts
// browsers do not inherit by default) has it in its font list.
export async function assertChineseFont(page, what, fontRequests, hasSystemFont) {
  const unfonted = await page.evaluate((family) => {
    const chinese = /[\u3000-\u9fff\uff00-\uffef]/;
    const own = (el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && chinese.test(n.textContent))
      || chinese.test(el.placeholder || "") || (el.tagName === "INPUT" && chinese.test(el.value));
    return [...document.querySelectorAll("body *")].filter(own)
      .filter((el) => !getComputedStyle(el).fontFamily.includes(family))
      .map((el) => `${el.tagName}: ${el.textContent.trim().slice(0, 20)} (${getComputedStyle(el).fontFamily})`);
  }, FONT_FAMILY);
  assert.deepEqual(unfonted, [], `${what}: Chinese text set in fonts without ours`);
  const state = await page.evaluate(async (family) => {
    await document.fonts.ready;
    if (![...document.fonts].some((f) => f.family.replace(/"/g, "") === family && f.status === "loaded")) {
      // A machine with its own Chinese font never needed ours: load it to check it.
      await document.fonts.load(`20px "${family}"`, "阿姨");
    }
    const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, "") === family);
    return { statuses: faces.map((f) => f.status), ready: document.fonts.check(`20px "${family}"`, "阿姨") };
  }, FONT_FAMILY);
  assert.deepEqual(state.statuses, ["loaded"], `${what}: the web font ${JSON.stringify(state)}`);
  assert.ok(state.ready, `${what}: document.fonts.check`);
  if (!hasSystemFont && fontRequests) assert.ok(fontRequests.length > 0, `${what}: the font file was requested`);
}

// The words on screen are in the page's language. `own` lists selectors of
// what the worker said or typed (her words stay hers); the language switch
// names the other language, and the brand "ayi 阿姨" has both, by design.
export async function assertLanguage(page, lang, what, own = []) {
  const stray = await page.evaluate(({ lang, own }) => {
    const skip = [".lang", "script", "style", ...own].join(",");
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    const foreign = lang === "zh" ? /[A-Za-z]{2,}/g : /[\u3400-\u9fff]+/g;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const host = n.parentElement;
      if (!host || host.closest(skip) || !host.checkVisibility()) continue;
      if (host.closest("header") && n.textContent.trim() === "ayi 阿姨") continue;
      const words = n.textContent.replace(/https?:\/\/\S+/g, "").match(foreign); // addresses are no language
      if (words) found.push(`${words.join(" ")} (in ${host.id ? "#" + host.id : host.tagName})`);
    }
    return found;
  }, { lang, own });
  assert.deepEqual(stray, [], `${what}: words not in ${lang === "zh" ? "Chinese" : "English"}`);
}

// No pictograph reaches a browser that has no font for them.
export async function assertNoEmojiBoxes(page, what) {
  const emoji = await page.evaluate(() => ({
    shown: window.AYI ? AYI.emojiShown : true,
    inText: /\p{Extended_Pictographic}/u.test(document.body.innerText),
  }));
  assert.ok(emoji.shown || !emoji.inText, `${what}: emoji shown as boxes: this browser has no emoji font`);
}

// The font files `context` fetches, as they are fetched (for assertChineseFont).
export function fontRequestsOf(context) {
  const requests = [];
  context.on("request", (r) => { if (r.url().includes("/static/fonts/")) requests.push(r.url()); });
  return requests;
}

// A screenshot function for one story: numbered files named
// `${prefix}-NN-${what}.png` in `dir`, each taken after the checks above.
// `lang` is the page's language; `own` as for assertLanguage.
export function checkedShots(dir, prefix, { hasSystemFont, fontRequests }) {
  let step = 0;
  return async (page, what, { lang, own = [], target } = {}) => {
    const tag = `${prefix} ${what}`;
    await assertFits(page, tag);
    await assertNoEmojiBoxes(page, tag);
    if (lang) await assertLanguage(page, lang, tag, own);
    await assertChineseFont(page, tag, fontRequests, hasSystemFont);
    step += 1;
    const file = join(dir, `${prefix}-${String(step).padStart(2, "0")}-${what}.png`);
    if (target) await page.locator(target).screenshot({ path: file });
    else await page.screenshot({ path: file, fullPage: true });
    console.log(`  screenshot ${file}`);
  };
}
