// Shared by every page: the language switch, API calls with readable
// errors, and automatic retries when the server says it is busy (503).
"use strict";

const AYI = (() => {
  // Chinese first: most workers read it best. The switch is remembered.
  let lang = localStorage.getItem("ayi.lang") || "zh";

  // Emoji mark the big buttons, but a kiosk without an emoji font would
  // show them as empty boxes: there they are left out.
  const emojiShown = (() => {
    try {
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 16;
      const context = canvas.getContext("2d", { willReadFrequently: true });
      context.textBaseline = "top";
      context.font = "14px sans-serif";
      context.fillText("\u{1F3A4}", 0, 0); // a colour font draws the microphone in colour
      const pixels = context.getImageData(0, 0, 16, 16).data;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] && (pixels[i] !== pixels[i + 1] || pixels[i + 1] !== pixels[i + 2])) return true;
      }
      return false;
    } catch (e) { return true; }
  })();
  const EMOJI = /\p{Extended_Pictographic}\uFE0F?\s*/gu;
  const plain = (text) => (emojiShown || typeof text !== "string" ? text : text.replace(EMOJI, ""));

  function t(strings) { return plain(strings[lang] ?? strings.zh); }
  function setLang(next) { lang = next; localStorage.setItem("ayi.lang", next); document.documentElement.lang = next === "zh" ? "zh-CN" : "en"; }
  function getLang() { return lang; }

  // Elements with data-zh / data-en get their text in the current language.
  function translatePage(root = document) {
    root.querySelectorAll("[data-zh]").forEach((el) => { el.textContent = plain(lang === "zh" ? el.dataset.zh : el.dataset.en); });
    root.querySelectorAll("[data-ph-zh]").forEach((el) => { el.placeholder = lang === "zh" ? el.dataset.phZh : el.dataset.phEn; });
  }

  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // fetch + JSON; busy answers are retried (up to `retries` times) after the
  // server's Retry-After, calling onWait so the page can say so.
  async function api(path, { method = "GET", body, headers = {}, retries = 5, onWait } = {}) {
    for (let attempt = 0; ; attempt++) {
      const init = { method, headers: { ...headers }, credentials: "same-origin" };
      if (body instanceof FormData) init.body = body;
      else if (body !== undefined) { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
      let response;
      try { response = await fetch(path, init); }
      catch (e) { throw new ApiError(0, "offline", t({ zh: "连不上服务器，请检查网络后再试。", en: "Cannot reach the server. Check the connection and try again." })); }
      if (response.status === 503 && attempt < retries) {
        const wait = Number(response.headers.get("Retry-After") || 2);
        if (onWait) onWait(wait);
        await sleep(wait * 1000);
        continue;
      }
      if (response.status === 204) return null;
      const type = response.headers.get("Content-Type") || "";
      const data = type.includes("json") ? await response.json() : null;
      if (!response.ok) {
        const err = data && data.error ? data.error : { code: "http_" + response.status, message: response.statusText };
        throw new ApiError(response.status, err.code, err.message);
      }
      return data;
    }
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  // What the worker reads for each error code. In English the server's
  // own message is clear enough; in Chinese it must never show English.
  const MESSAGES = {
    nothing_to_publish: { zh: "名片上还没有内容。请先回答至少一个问题。", en: "There is nothing on the card yet. Answer at least one question first." },
    invalid_input: { zh: "填写的内容不对，请检查后再试。" },
    missing_field: { zh: "填写的内容不全，请检查后再试。" },
    corrupt_audio: { zh: "这段录音读不出来，请再录一次。" },
    unsupported_audio: { zh: "这段录音读不出来，请再录一次。" },
    empty_audio: { zh: "录音是空的，请再录一次。" },
    audio_too_long: { zh: "录音太长了（最多 3 分钟），请说短一点再录。" },
    upload_too_large: { zh: "文件太大了。" },
    unsupported_video: { zh: "这段视频读不出来（要有声音）。请再录一次。" },
    video_too_short: { zh: "视频太短了，请至少录 6 秒（20 到 40 秒最好）。" },
    video_too_long: { zh: "视频太长了，请录 20 到 40 秒。" },
    unreadable_photo: { zh: "这张照片用不了，请再拍一张，或者跳过。" },
    answer_in_progress: { zh: "上一个回答还在处理，请等几秒再试。" },
    wrong_question: { zh: "问题已经换了，请看现在的问题。" },
    interview_finished: { zh: "问题已经问完了，请看看您的名片。" },
    not_found: { zh: "没有找到。这份资料可能已经删除了。" },
    too_many_attempts: { zh: "试的次数太多了，请等一会儿再试。" },
    busy: { zh: "现在人太多，请稍等再试。" },
    unauthorized: { zh: "名字或密码不对，或者登录已经过期，请重新登录。" },
    csrf_failed: { zh: "页面过期了，请刷新后再试。" },
  };

  function messageOf(error) {
    const known = error.code && MESSAGES[error.code];
    if (known && known[lang]) return known[lang];
    // A server error with no Chinese words of its own.
    if (lang === "zh" && error instanceof ApiError && error.code !== "offline") return "出了点问题，请再试一次。如果还不行，请找工作人员。";
    return error.message || String(error);
  }

  // The error where the eye is: scrolled into view (a publish button is
  // at the bottom of a long page, the error box at its top).
  function showError(target, error) {
    const box = el("div", { class: "error", role: "alert" }, messageOf(error));
    target.replaceChildren(box);
    box.scrollIntoView({ block: "center" });
  }

  document.addEventListener("DOMContentLoaded", () => {
    setLang(lang);
    translatePage();
    document.querySelectorAll("button.lang").forEach((b) => b.addEventListener("click", () => {
      setLang(lang === "zh" ? "en" : "zh");
      translatePage();
      document.dispatchEvent(new Event("ayi:lang"));
    }));
  });

  return { t, api, el, setLang, getLang, translatePage, showError, sleep, ApiError, emojiShown };
})();
