// The worker's interview: consent → optional photo → one question at a
// time (shown large and spoken) → tap to record → what was understood →
// review (remove, fix numbers, re-record) → publish → the card and its QR.
// The interview id lives in localStorage, so a reload resumes it.
"use strict";

const { t, api, el, showError } = AYI;
const $ = (id) => document.getElementById(id);
const KEY = "ayi.interview";
const SCREENS = ["consent", "declined", "photo", "question", "review", "done"];
const MAX_ANSWER_MS = 170 * 1000;

let interviewId = localStorage.getItem(KEY);
let current = null; // the server's view of the interview
let question = null; // the question now asked
let recorder = null; // { mediaRecorder, stream, chunks, timer, seq }
let cameraStream = null;

function show(name) {
  SCREENS.forEach((s) => $(s).classList.toggle("hidden", s !== name));
  $("delete").classList.toggle("hidden", !interviewId || name === "consent" || name === "declined");
  window.scrollTo(0, 0);
}

function clearError() { $("error").replaceChildren(); }
function fail(e) { showError($("error"), e); }

function speak(text) {
  if (!("speechSynthesis" in window) || !text) return;
  const wanted = AYI.getLang() === "zh" ? "zh" : "en";
  const voice = speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().startsWith(wanted));
  if (!voice) return; // no voice for this language here: the text is on screen
  speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.voice = voice; u.lang = voice.lang; u.rate = 0.9;
  speechSynthesis.speak(u);
}

function chips(target, items, onRemove) {
  target.replaceChildren(...items.map((n) => el("span", { class: "chip", title: n.evidence ? "“" + n.evidence + "”" : "" },
    n.label,
    onRemove && n.removable ? el("button", { type: "button", class: "small", "aria-label": t({ zh: "删掉 ", en: "Remove " }) + n.label,
      onclick: () => onRemove(n) }, "✕") : null)));
  if (!items.length) target.append(el("span", { class: "muted" }, t({ zh: "（还没有）", en: "(nothing yet)" })));
}

async function load() {
  current = await api(`/api/interviews/${interviewId}`);
  AYI.setLang(current.language); AYI.translatePage();
  return current;
}

function route() {
  if (current.status === "published") return showDone();
  if (current.next_question) return showQuestion(current.next_question);
  return showReview();
}

// ---- consent and photo ------------------------------------------------------

$("agree").addEventListener("click", async () => {
  clearError();
  try {
    const created = await api("/api/interviews", { method: "POST", body: { language: AYI.getLang() } });
    interviewId = created.id;
    localStorage.setItem(KEY, interviewId);
    await load();
    show("photo");
  } catch (e) { fail(e); }
});
$("disagree").addEventListener("click", () => show("declined"));
$("restart").addEventListener("click", () => show("consent"));

$("open-camera").addEventListener("click", async () => {
  clearError();
  try {
    cameraStream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" }, audio: false });
    $("camera").srcObject = cameraStream;
    $("camera").classList.remove("hidden");
    $("open-camera").classList.add("hidden");
    $("take-photo").classList.remove("hidden");
  } catch (e) {
    fail(new Error(t({ zh: "打不开相机。可以跳过拍照。", en: "The camera could not be opened. You can skip the photo." })));
  }
});

function stopCamera() {
  if (cameraStream) cameraStream.getTracks().forEach((tr) => tr.stop());
  cameraStream = null;
}

$("take-photo").addEventListener("click", async () => {
  const video = $("camera");
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth || 640; canvas.height = video.videoHeight || 480;
  canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise((r) => canvas.toBlob(r, "image/jpeg", 0.9));
  stopCamera();
  const form = new FormData();
  form.append("photo", blob, "photo.jpg");
  try {
    await api(`/api/interviews/${interviewId}/photo`, { method: "POST", body: form });
    startQuestions();
  } catch (e) { fail(e); }
});
$("skip-photo").addEventListener("click", () => { stopCamera(); startQuestions(); });

function startQuestions() { clearError(); route(); }

// ---- questions and recording -----------------------------------------------

function showQuestion(q) {
  question = q;
  const asked = current ? current.answers.length : 0;
  $("steps").replaceChildren(...Array.from({ length: Math.max(asked + 1, 6) }, (_, i) => el("span", { class: i < asked ? "done" : "" })));
  $("question-text").textContent = q.text;
  setRecordState("idle");
  show("question");
  speak(q.text);
}

function setRecordState(state) {
  const button = $("record");
  button.classList.toggle("recording", state === "recording");
  button.disabled = state === "working";
  $("record").classList.toggle("hidden", state === "working");
  $("working").classList.toggle("hidden", state !== "working");
  $("record-label").textContent = state === "recording"
    ? t({ zh: "说完了，按这里", en: "Done, tap here" })
    : t({ zh: "按一下，开始说", en: "Tap and speak" });
  $("record-hint").textContent = state === "recording"
    ? t({ zh: "正在录音……慢慢说，说完再按一下。", en: "Recording… take your time, tap again when done." })
    : "";
}

async function startRecording(seq) {
  clearError();
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (e) {
    fail(new Error(t({ zh: "打不开麦克风。请允许使用麦克风后再试。", en: "The microphone could not be opened. Please allow it and try again." })));
    return;
  }
  const type = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm"].find((m) => MediaRecorder.isTypeSupported(m));
  const mediaRecorder = new MediaRecorder(stream, type ? { mimeType: type } : {});
  const chunks = [];
  mediaRecorder.addEventListener("dataavailable", (e) => { if (e.data.size) chunks.push(e.data); });
  mediaRecorder.addEventListener("stop", () => {
    stream.getTracks().forEach((tr) => tr.stop()); // the microphone is off between answers
    const blob = new Blob(chunks, { type: mediaRecorder.mimeType || "audio/webm" });
    upload(blob, seq);
  });
  recorder = { mediaRecorder, timer: setTimeout(stopRecording, MAX_ANSWER_MS) };
  mediaRecorder.start();
  if (seq === undefined) setRecordState("recording");
}

function stopRecording() {
  if (!recorder) return;
  clearTimeout(recorder.timer);
  recorder.mediaRecorder.stop();
  recorder = null;
}

$("record").addEventListener("click", () => {
  if (recorder) stopRecording();
  else { speechSynthesis && speechSynthesis.cancel(); startRecording(); }
});
$("speak").addEventListener("click", () => question && speak(question.text));

async function upload(blob, seq) {
  const rerecording = seq !== undefined;
  if (!rerecording) {
    setRecordState("working");
    $("working-text").textContent = t({ zh: "正在听您说的话……", en: "Listening to your answer…" });
  }
  const form = new FormData();
  form.append("audio", blob, "answer." + (blob.type.includes("ogg") ? "ogg" : "webm"));
  if (!rerecording && question) form.append("question_id", question.id);
  const path = rerecording ? `/api/interviews/${interviewId}/answers/${seq}` : `/api/interviews/${interviewId}/answers`;
  try {
    const result = await api(path, {
      method: "POST", body: form, retries: 20,
      onWait: () => { $("working-text").textContent = t({ zh: "人有点多，正在排队，请稍等……", en: "Busy right now: waiting in line…" }); },
    });
    await load();
    if (rerecording) return showReview();
    $("heard-text").textContent = result.heard ? result.transcript : t({ zh: "（没有听到声音）", en: "(I heard nothing)" });
    chips($("noted"), result.noted);
    $("heard").classList.remove("hidden");
    if (result.next_question) showQuestion(result.next_question);
    else showReview();
  } catch (e) {
    setRecordState("idle");
    fail(e);
  }
}

$("finish-early").addEventListener("click", async () => {
  try { current = await api(`/api/interviews/${interviewId}/finish`, { method: "POST" }); showReview(); }
  catch (e) { fail(e); }
});

// ---- review, publish, done -----------------------------------------------------

async function saveEdits(edits) {
  clearError();
  try { current = await api(`/api/interviews/${interviewId}/profile`, { method: "PATCH", body: edits }); showReview(); }
  catch (e) { fail(e); }
}

function showReview() {
  $("heard").classList.add("hidden");
  $("review-card").src = `/api/interviews/${interviewId}/card.png?t=${Date.now()}`;
  $("review-card").alt = t({ zh: "您的名片", en: "Your card" });
  chips($("review-items"), current.noted, (n) => {
    const edits = { ...current.edits, removed: [...(current.edits.removed || []), n.code] };
    saveEdits(edits);
  });
  $("age").value = current.profile.age ?? "";
  $("years").value = current.profile.years_experience ?? "";
  $("pay").value = current.profile.expected_salary_cny_month ?? "";
  $("review-answers").replaceChildren(...current.answers.map((a) => el("li", {},
    el("div", { class: "muted" }, a.question),
    el("div", {}, a.transcript || t({ zh: "（没有听到声音）", en: "(nothing heard)" })),
    el("button", { type: "button", class: "small", onclick: (ev) => rerecord(ev.currentTarget, a.seq) },
      t({ zh: "🎙 重新录这一条", en: "🎙 Record again" })))));
  $("more-questions").classList.toggle("hidden", current.status === "published");
  $("publish").textContent = current.status === "published"
    ? t({ zh: "✅ 更新名片", en: "✅ Update the card" }) : t({ zh: "✅ 没问题，发布名片", en: "✅ Looks right, publish" });
  show("review");
}

function rerecord(button, seq) {
  if (recorder) { stopRecording(); button.textContent = t({ zh: "正在识别……", en: "Transcribing…" }); return; }
  button.textContent = t({ zh: "⏹ 说完了，按这里", en: "⏹ Done, tap here" });
  startRecording(seq);
}

$("numbers").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const num = (v) => (v === "" ? undefined : Number(v));
  const edits = { ...current.edits, age: num($("age").value), years_experience: num($("years").value),
    expected_salary_cny_month: num($("pay").value) };
  Object.keys(edits).forEach((k) => edits[k] === undefined && delete edits[k]);
  saveEdits(edits);
});

$("more-questions").addEventListener("click", async () => {
  try { current = await api(`/api/interviews/${interviewId}/reopen`, { method: "POST" }); route(); }
  catch (e) { fail(e); }
});

$("publish").addEventListener("click", async () => {
  clearError();
  try {
    await api(`/api/interviews/${interviewId}/publish`, { method: "POST" });
    await load();
    showDone();
  } catch (e) { fail(e); }
});

function showDone() {
  const pid = current.profile_id;
  $("done-card").src = `/cards/${pid}.png?t=${Date.now()}`;
  $("done-card").alt = t({ zh: "您的名片", en: "Your card" });
  $("done-link").href = `/cards/${pid}`;
  $("done-link").textContent = location.origin + `/cards/${pid}`;
  show("done");
}

$("back-to-review").addEventListener("click", showReview);
$("finish").addEventListener("click", () => {
  localStorage.removeItem(KEY);
  interviewId = null; current = null;
  show("consent");
});

$("delete").addEventListener("click", async () => {
  if (!confirm(t({ zh: "确定删除您的录音、照片和名片吗？删除后不能恢复。", en: "Delete your recordings, photo and card? This cannot be undone." }))) return;
  try {
    await api(`/api/interviews/${interviewId}`, { method: "DELETE" });
    localStorage.removeItem(KEY);
    interviewId = null; current = null;
    show("consent");
    $("error").replaceChildren(el("div", { class: "notice" }, t({ zh: "您的资料已经全部删除。", en: "All your data has been deleted." })));
  } catch (e) { fail(e); }
});

document.addEventListener("ayi:lang", () => { if (question && !$("question").classList.contains("hidden")) setRecordState("idle"); });

// ---- start: resume or ask for consent -------------------------------------------

(async () => {
  if (!interviewId) return show("consent");
  try { await load(); route(); }
  catch (e) {
    if (e.status === 404) { localStorage.removeItem(KEY); interviewId = null; return show("consent"); }
    show("consent"); fail(e);
  }
})();
