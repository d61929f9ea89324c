// Recruiter pages: login, search with filters and explanations, a worker's
// profile (transcript, recordings, private card), the shortlist.
// State-changing calls carry the session's CSRF token from /api/me.
"use strict";

const { t, api, el, showError } = AYI;
const $ = (id) => document.getElementById(id);
const page = document.body.dataset.page;
let csrf = null;

const fail = (e) => {
  if (e.status === 401) { location.href = "/recruiter/login?next=" + encodeURIComponent(location.pathname); return; }
  showError($("error"), e);
};

async function session() {
  const me = await api("/api/me");
  csrf = me.csrf;
  return me;
}

function send(path, method) {
  return api(path, { method, headers: { "X-CSRF-Token": csrf } });
}

function shortlistButton(profileId, shortlisted) {
  const button = el("button", { type: "button", class: "small" });
  const label = (on) => { button.textContent = on ? t({ zh: "★ 已加入候选", en: "★ Shortlisted" }) : t({ zh: "☆ 加入候选", en: "☆ Shortlist" }); };
  let on = shortlisted;
  label(on);
  button.addEventListener("click", async () => {
    try { await send(`/api/shortlist/${profileId}`, on ? "DELETE" : "PUT"); on = !on; label(on); }
    catch (e) { fail(e); }
  });
  return button;
}

// ---- login -------------------------------------------------------------------

if (page === "login") {
  $("login").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("error").replaceChildren();
    try {
      await api("/api/login", { method: "POST", body: { name: $("name").value.trim(), password: $("password").value }, retries: 0 });
      const next = new URLSearchParams(location.search).get("next") || "/recruiter";
      location.href = next.startsWith("/recruiter") ? next : "/recruiter";
    } catch (e) { showError($("error"), e); }
  });
}

// ---- common: logout ------------------------------------------------------------

const logout = $("logout");
if (logout) {
  logout.addEventListener("click", async () => {
    try { await session(); await send("/api/logout", "POST"); } catch (e) { /* already out */ }
    location.href = "/recruiter/login";
  });
}

// ---- search --------------------------------------------------------------------

function renderHit(hit) {
  return el("article", { class: "panel result", "data-profile-id": hit.id },
    el("h3", {}, el("a", { href: hit.page_url }, hit.name ? el("span", { class: "said" }, hit.name) : t({ zh: "（未留姓名）", en: "(no name given)" })),
      " ", el("span", { class: "muted" }, t({ zh: "匹配度 ", en: "score " }) + hit.score.toFixed(2))),
    el("ul", { class: "plain" },
      hit.matched.map((m) => el("li", { class: "met" }, "✔ ", el("b", {}, m.label || m.code), " — ", el("span", { class: "said" }, "“", m.evidence, "”"))),
      hit.missing.map((m) => el("li", { class: "unmet" }, "✘ ", el("b", {}, m.label || m.code), " — ", m.reason))),
    el("div", { class: "actions" },
      el("a", { class: "button small", href: hit.page_url }, t({ zh: "查看详情", en: "Full profile" })),
      shortlistButton(hit.id, hit.shortlisted)));
}

if (page === "search") {
  session().catch(fail);
  const form = $("search");
  const params = new URLSearchParams(location.search);
  for (const name of ["q", "code", "live_in", "max_pay", "area"]) if (params.get(name)) $(name).value = params.get(name);
  async function run() {
    const query = new URLSearchParams();
    for (const name of ["q", "code", "live_in", "max_pay", "area"]) {
      const v = $(name).value.trim();
      if (v) query.set(name, v);
    }
    if ([...query.keys()].length === 0) return;
    history.replaceState(null, "", "/recruiter?" + query);
    query.set("lang", AYI.getLang()); // labels and reasons in the page's language
    $("error").replaceChildren();
    $("results").replaceChildren(el("div", { class: "spinner" }));
    try {
      const out = await api("/api/search?" + query);
      $("needs").textContent = t({ zh: "理解为：", en: "Understood as: " }) + (out.query.labels.join(" · ") || "—");
      $("results").replaceChildren(...(out.results.length ? out.results.map(renderHit)
        : [el("p", {}, t({ zh: "没有找到符合条件的阿姨。试试放宽条件。", en: "No one matches. Try fewer filters." }))]));
    } catch (e) { $("results").replaceChildren(); fail(e); }
  }
  form.addEventListener("submit", (ev) => { ev.preventDefault(); run(); });
  document.addEventListener("ayi:lang", run);
  run();
}

// ---- one worker ------------------------------------------------------------------

if (page === "worker") {
  const profileId = location.pathname.split("/").pop();
  (async () => {
    try {
      await session();
      const w = await api(`/api/workers/${profileId}`);
      const p = w.profile;
      // The server words the facts as the card does (age, hometown, terms, phone).
      const facts = w.noted.filter((n) => !n.removable && n.code !== "name").map((n) => n.label);
      $("worker").replaceChildren(
        el("h1", {}, p.name ? el("span", { class: "said" }, p.name) : t({ zh: "（未留姓名）", en: "(no name given)" })),
        el("p", {}, facts.join(" · ")),
        el("div", { class: "actions" }, shortlistButton(w.profile_id, w.shortlisted),
          el("a", { class: "button small", href: w.public_card_url }, t({ zh: "公开名片", en: "Public card" }))),
        el("img", { class: "card", src: w.card_url, alt: t({ zh: "名片（含电话）", en: "Card (with phone)" }) }),
        w.video ? videoIntroduction(w) : null,
        el("h2", {}, t({ zh: "面试回答", en: "Interview answers" })),
        ...w.answers.map((a) => el("div", { class: "panel" },
          el("p", { class: "muted" }, a.question),
          // Her words as heard, in whatever language Whisper heard them.
          a.transcript ? el("p", { class: "said" }, a.transcript) : el("p", {}, t({ zh: "（无声音）", en: "(silence)" })),
          a.audio_url ? el("audio", { controls: true, preload: "none", src: a.audio_url }) : null)));
    } catch (e) { fail(e); }
  })();
}

// The worker's video self-introduction, subtitles on, and whether families see it too.
function videoIntroduction(w) {
  const zh = w.language === "zh";
  return el("div", { class: "panel", id: "worker-video" },
    el("h2", {}, t({ zh: "视频自我介绍", en: "Video introduction" })),
    el("video", { class: "intro", controls: true, playsinline: true, preload: "metadata", src: w.video.url },
      el("track", { kind: "subtitles", src: w.video.subtitles_url, srclang: w.language, label: zh ? "中文" : "English", default: true })),
    el("p", { class: "muted" }, w.video.public
      ? t({ zh: "本人同意在公开名片上展示。", en: "She also shows it on her public card." })
      : t({ zh: "只给招聘人员看，没有公开。", en: "For recruiters only: not on her public card." })));
}

// ---- shortlist ---------------------------------------------------------------------

if (page === "shortlist") {
  (async () => {
    try {
      await session();
      const { workers } = await api("/api/shortlist");
      $("shortlist").replaceChildren(...(workers.length ? workers.map((w) => el("article", { class: "panel result" },
        el("h3", {}, el("a", { href: w.page_url }, w.name || "—")),
        el("p", {}, w.summary),
        shortlistButton(w.profile_id, true)))
        : [el("p", {}, t({ zh: "还没有加入候选的阿姨。", en: "No one shortlisted yet." }))]));
    } catch (e) { fail(e); }
  })();
}
