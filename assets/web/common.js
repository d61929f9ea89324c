// Shared by every page: the language switch, API calls with readable
// errors, and automatic retries when the server says it is busy (503).
"use strict";

const AYI = (() => {
  // Chinese first: most workers read it best. The switch is remembered.
  let lang = localStorage.getItem("ayi.lang") || "zh";

  function t(strings) { return strings[lang] ?? strings.zh; }
  function setLang(next) { lang = next; localStorage.setItem("ayi.lang", next); document.documentElement.lang = next === "zh" ? "zh-CN" : "en"; }
  function getLang() { return lang; }

  // Elements with data-zh / data-en get their text in the current language.
  function translatePage(root = document) {
    root.querySelectorAll("[data-zh]").forEach((el) => { el.textContent = lang === "zh" ? el.dataset.zh : el.dataset.en; });
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

  function showError(target, error) {
    target.replaceChildren(el("div", { class: "error", role: "alert" }, error.message || String(error)));
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

  return { t, api, el, setLang, getLang, translatePage, showError, sleep, ApiError };
})();
