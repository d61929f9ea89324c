// The families' gallery: published public cards, filtered. No login, and
// nothing here but what the public card shows.
"use strict";

const { t, api, el, showError } = AYI;
const $ = (id) => document.getElementById(id);

function pay(n) { return n ? t({ zh: `月薪 ${n} 元`, en: `${n} yuan/month` }) : ""; }

async function refresh() {
  const params = new URLSearchParams({ lang: AYI.getLang() });
  for (const name of ["code", "live_in", "max_pay", "area"]) {
    const v = $(name).value.trim();
    if (v) params.set(name, v);
  }
  $("error").replaceChildren();
  try {
    const { cards } = await api("/api/cards?" + params);
    $("count").textContent = t({ zh: `共 ${cards.length} 位`, en: `${cards.length} helpers` });
    $("cards").replaceChildren(...cards.map((c) => el("a", { class: "panel result", href: c.page_url, "data-profile-id": c.profile_id },
      el("img", { class: "card", src: c.card_url, alt: c.name || "", loading: "lazy" }),
      el("h3", {}, c.name ? el("span", { class: "said" }, c.name) : t({ zh: "求职者", en: "Job seeker" })),
      el("p", { class: "muted summary" }, c.summary),
      el("p", {}, [c.services.map((s) => s.label).join(" · "), pay(c.expected_salary_cny_month)].filter(Boolean).join(" ｜ "),
        c.work_area ? el("span", { class: "said" }, " ｜ " + c.work_area) : null))));
  } catch (e) { showError($("error"), e); }
}

$("filters").addEventListener("submit", (ev) => { ev.preventDefault(); refresh(); });
document.addEventListener("ayi:lang", refresh);
refresh();
