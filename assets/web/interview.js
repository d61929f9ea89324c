// The worker's interview: consent → optional photo → one question at a
// time (shown large and spoken) → tap to record, or type → what was
// understood → review (remove, type corrections, re-record, an optional
// video introduction) → publish → the card and its QR.
//
// On her own phone the interview id lives in localStorage, so a reload
// resumes it. On a shared kiosk (/kiosk) the page keeps nothing: after a
// while untouched, or at "next person", it clears itself and goes back to
// Chinese; an interview resumes only with its six-digit code.
"use strict";

const { t, api, el, showError } = AYI;
const $ = (id) => document.getElementById(id);
const KEY = "ayi.interview";
const PENDING = "ayi.pending"; // an answer being recorded or sent, should the page go away
const SCREENS = ["consent", "declined", "resume", "photo", "question", "review", "done"];
const MAX_ANSWER_MS = 170 * 1000;
// A stop tap sooner than this after the start is a double tap: ignored.
const MIN_ANSWER_MS = 1200;
// A tap this soon after the last one is the rest of a double tap.
const TAP_SETTLE_MS = 600;

const kioskIdle = Number(document.body.dataset.kiosk || 0);
const KIOSK = kioskIdle > 0;
// A test (or an operator) may shorten the wait: /kiosk?idle=20.
const IDLE_S = KIOSK ? Math.max(5, Math.min(3600, Number(new URLSearchParams(location.search).get("idle")) || kioskIdle)) : 0;
const COUNTDOWN_S = Math.min(15, Math.ceil(IDLE_S / 3));

let interviewId = KIOSK ? null : localStorage.getItem(KEY);
let current = null; // the server's view of the interview
let question = null; // the question now asked
let recorder = null; // { mediaRecorder, timer, startedAt }
let recordState = "idle"; // idle | starting | recording | working
let lastTap = 0; // when the record button last took a tap
let cameraStream = null;
let micUnavailable = !(navigator.mediaDevices && window.MediaRecorder);

function show(name) {
  SCREENS.forEach((s) => $(s).classList.toggle("hidden", s !== name));
  $("delete").classList.toggle("hidden", !interviewId || ["consent", "declined", "resume"].includes(name));
  window.scrollTo(0, 0);
}
function visible(name) { return !$(name).classList.contains("hidden"); }

function clearError() { $("error").replaceChildren(); }
function fail(e) { showError($("error"), e); }
function notice(text) { $("error").replaceChildren(el("div", { class: "notice", role: "status" }, text)); }

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
function quiet() { if ("speechSynthesis" in window) speechSynthesis.cancel(); }

function chips(target, items, onRemove) {
  target.replaceChildren(...items.map((n) => el("span", { class: "chip", title: n.evidence ? "“" + n.evidence + "”" : "" },
    n.label,
    onRemove && n.removable ? el("button", { type: "button", class: "small", "aria-label": t({ zh: "删掉 ", en: "Remove " }) + n.label,
      onclick: () => onRemove(n) }, "✕") : null)));
  if (!items.length) target.append(el("span", { class: "muted" }, t({ zh: "（还没有）", en: "(nothing yet)" })));
}

function remember(id) {
  interviewId = id;
  if (!KIOSK) localStorage.setItem(KEY, id);
}
function forget() {
  localStorage.removeItem(KEY);
  sessionStorage.removeItem(PENDING);
  interviewId = null; current = null; question = null;
}

async function load() {
  current = await api(`/api/interviews/${interviewId}`);
  AYI.setLang(current.language); AYI.translatePage();
  showResumeCode();
  return current;
}

function route() {
  if (current.status === "published") return showDone();
  if (current.next_question) return showQuestion(current.next_question);
  return showReview();
}

function showResumeCode() {
  const code = current && current.resume_code;
  $("resume-note").classList.toggle("hidden", !code);
  $("resume-shown").textContent = code ? code.slice(0, 3) + " " + code.slice(3) : "";
}

// ---- consent, resume and photo ---------------------------------------------

$("agree").addEventListener("click", async () => {
  clearError();
  try {
    const created = await api("/api/interviews", { method: "POST", body: { language: AYI.getLang() } });
    remember(created.id);
    await load();
    show("photo");
  } catch (e) { fail(e); }
});
$("disagree").addEventListener("click", () => show("declined"));
$("restart").addEventListener("click", () => show("consent"));

// Six digits on big keys: no keyboard needed.
$("keypad").replaceChildren(...["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "✓"].map((k) =>
  el("button", { type: "button", class: k === "✓" ? "primary" : "", "data-key": k, "aria-label": k === "⌫" ? t({ zh: "删一个", en: "Delete" }) : k,
    onclick: () => {
      const input = $("resume-code");
      if (k === "⌫") input.value = input.value.slice(0, -1);
      else if (k === "✓") resumeByCode();
      else if (input.value.replace(/\D/g, "").length < 6) input.value += k;
    } }, k)));
$("open-resume").addEventListener("click", () => { clearError(); $("resume-code").value = ""; show("resume"); });
$("resume-back").addEventListener("click", () => { clearError(); show("consent"); });
$("resume-go").addEventListener("click", () => resumeByCode());
$("resume-code").addEventListener("keydown", (e) => { if (e.key === "Enter") resumeByCode(); });

async function resumeByCode() {
  clearError();
  const code = $("resume-code").value.replace(/\D/g, "");
  if (code.length !== 6) return fail(new Error(t({ zh: "续答码是 6 个数字。", en: "The code is 6 digits." })));
  try {
    const found = await api("/api/resume", { method: "POST", body: { code } });
    remember(found.id);
    await load();
    route();
  } catch (e) {
    if (e.code === "not_found") e = new Error(t({ zh: "没有找到这个续答码，请再看看数字。", en: "No interview has this code. Please check the digits." }));
    fail(e);
  }
}

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
  $("camera").classList.add("hidden");
  $("open-camera").classList.remove("hidden");
  $("take-photo").classList.add("hidden");
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

// ---- questions: speak, type or skip -------------------------------------------

function showProgress(progress) {
  if (!progress) return;
  const total = Math.max(progress.total, progress.answered + 1);
  $("steps").replaceChildren(...Array.from({ length: total }, (_, i) => el("span", { class: i < progress.answered ? "done" : "" })));
  $("step-text").textContent = t({ zh: `第 ${progress.answered + 1} 题，共 ${total} 题`, en: `Question ${progress.answered + 1} of ${total}` });
}

function showQuestion(q) {
  question = q;
  showProgress(current && current.progress);
  $("question-text").textContent = q.text;
  $("typed-text").value = "";
  $("typed").classList.toggle("hidden", !micUnavailable);
  $("mic-help").classList.toggle("hidden", !micUnavailable);
  $("record").classList.toggle("hidden", micUnavailable);
  setRecordState("idle");
  show("question");
  speak(q.text);
}

function setRecordState(state) {
  recordState = state;
  const button = $("record");
  button.classList.toggle("recording", state === "recording");
  button.disabled = state === "working" || state === "starting";
  button.classList.toggle("hidden", state === "working" || micUnavailable);
  $("working").classList.toggle("hidden", state !== "working");
  for (const id of ["skip", "type-instead", "finish-early", "typed-send"]) $(id).disabled = state !== "idle";
  $("record-label").textContent = state === "recording"
    ? t({ zh: "说完了，按这里", en: "Done, tap here" })
    : t({ zh: "按一下，开始说", en: "Tap and speak" });
  $("record-hint").textContent = state === "recording"
    ? t({ zh: "正在录音……慢慢说，说完再按一下。", en: "Recording… take your time, tap again when done." })
    : "";
}

function micFailed() {
  micUnavailable = true;
  $("mic-help").classList.remove("hidden");
  $("typed").classList.remove("hidden");
  $("record").classList.add("hidden");
  $("typed-text").focus();
}

// ---- live: the answer streamed while she speaks, heard as she goes ---------------

const LIVE = typeof AudioWorkletNode !== "undefined" && "WebSocket" in window;

// Streams `stream` (16 kHz PCM over a WebSocket) as the answer to
// `questionId`, showing captions; `finish()` resolves with the answer.
// Any failure rejects, and the page uploads the recording instead.
async function openLive(stream, questionId) {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(`${proto}//${location.host}/api/interviews/${interviewId}/live?question_id=${encodeURIComponent(questionId)}`);
  ws.binaryType = "arraybuffer";
  const context = new AudioContext({ sampleRate: 16000 });
  await context.audioWorklet.addModule("/static/capture.js");
  const source = context.createMediaStreamSource(stream);
  const capture = new AudioWorkletNode(context, "ayi-capture");
  const waiting = [];
  capture.port.onmessage = (e) => {
    const pcm = new Int16Array(e.data.length);
    e.data.forEach((v, i) => { pcm[i] = Math.max(-1, Math.min(1, v)) * 32767; });
    if (ws.readyState === WebSocket.OPEN) ws.send(pcm.buffer); else waiting.push(pcm.buffer);
  };
  source.connect(capture);
  capture.connect(context.destination); // the graph runs only when it reaches the output (silent)
  let settle;
  const answered = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  answered.catch(() => {}); // handled by finish(); a dropped session must not warn
  ws.onopen = () => waiting.splice(0).forEach((b) => ws.send(b));
  ws.onmessage = (m) => {
    const message = JSON.parse(m.data);
    if (message.caption !== undefined) $("live-caption").textContent = message.caption;
    else if (message.answer) settle.resolve(message.answer);
    else if (message.error) settle.reject(new AYI.ApiError(400, message.error.code, message.error.message));
  };
  ws.onclose = () => settle.reject(new AYI.ApiError(0, "live_closed", "the live connection closed"));
  const stop = () => { source.disconnect(); capture.disconnect(); context.close(); };
  let finished = false;
  return {
    // Once: the stop goes out at her tap, and later calls get the same answer.
    finish() {
      if (finished) return answered;
      finished = true;
      stop();
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ stop: true }));
      else ws.close();
      return answered;
    },
    cancel() { stop(); ws.close(); },
  };
}

async function startRecording(onDone, liveQuestionId) {
  clearError();
  if (micUnavailable) return micFailed();
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (e) {
    return micFailed();
  }
  const type = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm"].find((m) => MediaRecorder.isTypeSupported(m));
  const mediaRecorder = new MediaRecorder(stream, type ? { mimeType: type } : {});
  const chunks = [];
  mediaRecorder.addEventListener("dataavailable", (e) => { if (e.data.size) chunks.push(e.data); });
  mediaRecorder.addEventListener("stop", () => {
    stream.getTracks().forEach((tr) => tr.stop()); // the microphone is off between answers
    if (!taken.cancelled) onDone(new Blob(chunks, { type: mediaRecorder.mimeType || "audio/webm" }), taken.live);
    else if (taken.live) taken.live.cancel();
  });
  const taken = { mediaRecorder, timer: setTimeout(stopRecording, MAX_ANSWER_MS), startedAt: Date.now(), cancelled: false, live: null };
  recorder = taken;
  if (LIVE && liveQuestionId) {
    $("live-caption").textContent = "";
    openLive(stream, liveQuestionId).then((live) => { taken.live = live; if (taken.cancelled) live.cancel(); },
      (e) => console.warn("live captions unavailable, the answer will be uploaded:", e));
  }
  mediaRecorder.start();
  sessionStorage.setItem(PENDING, "recording");
}

function stopRecording() {
  if (!recorder) return;
  clearTimeout(recorder.timer);
  recorder.mediaRecorder.stop();
  recorder = null;
}

// Anything else she does in between (typing, another button) means the next
// tap on record is meant, however soon: after a typed answer that came back
// at once, a tap on record was taken for the rest of the stop's double tap.
for (const kind of ["pointerdown", "keydown"]) {
  document.addEventListener(kind, (e) => { if (!$("record").contains(e.target)) lastTap = 0; }, { capture: true, passive: true });
}
$("record").addEventListener("click", async () => {
  if (Date.now() - lastTap < TAP_SETTLE_MS) return; // the second half of a double tap
  lastTap = Date.now();
  if (recordState === "recording") {
    if (recorder && Date.now() - recorder.startedAt < MIN_ANSWER_MS) {
      $("record-hint").textContent = t({ zh: "还在录音，请说完再按。", en: "Still recording: tap again when you have finished." });
      // Then back to the usual hint, so it does not stay as if she did something wrong.
      setTimeout(() => { if (recordState === "recording") setRecordState("recording"); }, 3000);
      return;
    }
    setRecordState("working");
    $("working-text").textContent = t({ zh: "正在听您说的话……", en: "Listening to your answer…" });
    // The live answer is asked for now, not after the recorder has flushed
    // its file (that is only the fallback upload's).
    if (recorder && recorder.live) {
      const tapped = performance.now();
      recorder.live.finish().then(() => console.debug(`ayi: answer heard ${Math.round(performance.now() - tapped)} ms after the stop tap`), () => {});
    }
    stopRecording();
    return;
  }
  if (recordState !== "idle") return;
  quiet();
  setRecordState("starting");
  const asked = question;
  await startRecording((blob, live) => answerSpoken(blob, live, asked), asked && asked.id);
  setRecordState(recorder ? "recording" : "idle");
});
$("speak").addEventListener("click", () => question && speak(question.text));

function audioForm(blob, questionId) {
  const form = new FormData();
  form.append("audio", blob, "answer." + (blob.type.includes("ogg") ? "ogg" : "webm"));
  if (questionId) form.append("question_id", questionId);
  return form;
}

$("type-instead").addEventListener("click", () => {
  $("typed").classList.toggle("hidden");
  if (!$("typed").classList.contains("hidden")) $("typed-text").focus();
});
$("typed").addEventListener("submit", (ev) => {
  ev.preventDefault();
  if (recordState !== "idle") return;
  const text = $("typed-text").value.trim();
  if (!text) return fail(new Error(t({ zh: "请先打字，再提交。", en: "Please type an answer first." })));
  sendAnswer({ question_id: question.id, text });
});
$("skip").addEventListener("click", () => {
  if (recordState !== "idle") return;
  sendAnswer({ question_id: question.id, skip: true });
});

// A spoken answer: heard already if it was streamed (only its last phrase
// is left), else uploaded. A stream that failed falls back to the upload;
// an answer the server refused is said so, as an upload's would be.
async function answerSpoken(blob, live, asked) {
  if (live) {
    try {
      const result = await live.finish();
      sessionStorage.removeItem(PENDING);
      return showAnswered(result, asked);
    } catch (e) {
      const refused = e instanceof AYI.ApiError && ["wrong_question", "interview_finished", "answer_in_progress", "audio_too_long"].includes(e.code);
      if (refused) return answerFailed(e);
    }
  }
  sendAnswer(audioForm(blob, asked && asked.id));
}

async function answerFailed(e) {
  sessionStorage.removeItem(PENDING);
  setRecordState("idle");
  if (e.code === "wrong_question" || e.code === "interview_finished") { await load().catch(() => {}); if (current) route(); }
  fail(e);
}

// One answer (a recording's form, or typed text or a skip as JSON) to the
// question now asked; then what was heard, under that question, and the next.
async function sendAnswer(body) {
  const asked = question;
  quiet();
  setRecordState("working");
  $("working-text").textContent = body instanceof FormData
    ? t({ zh: "正在听您说的话……", en: "Listening to your answer…" })
    : t({ zh: "正在记下……", en: "Noting it…" });
  sessionStorage.setItem(PENDING, "sending");
  try {
    const result = await api(`/api/interviews/${interviewId}/answers`, {
      method: "POST", body, retries: 20,
      onWait: () => { $("working-text").textContent = t({ zh: "人有点多，正在排队，请稍等……", en: "Busy right now: waiting in line…" }); },
    });
    sessionStorage.removeItem(PENDING);
    await showAnswered(result, asked);
  } catch (e) {
    answerFailed(e);
  }
}

async function showAnswered(result, asked) {
  $("live-caption").textContent = "";
  current = { ...current, progress: result.progress, noted: result.noted, profile: result.profile };
  if (result.seq === null) {
    // Nothing was heard: nothing was stored, the same question stays.
    $("heard").classList.add("hidden");
    showQuestion(result.next_question || asked);
    notice(t({ zh: "没有听到您说话。请按红色按钮，说完再按一下；也可以打字回答。", en: "I heard nothing. Tap the red button, speak, then tap again; or type your answer." }));
    return;
  }
  clearError();
  $("heard-question").textContent = asked.text;
  $("heard-text").textContent = result.heard ? result.transcript : t({ zh: "（跳过了）", en: "(skipped)" });
  chips($("noted"), result.noted);
  $("heard").classList.remove("hidden");
  if (result.next_question) showQuestion(result.next_question);
  else { await load(); showReview(); }
}

$("finish-early").addEventListener("click", async () => {
  try { current = await api(`/api/interviews/${interviewId}/finish`, { method: "POST" }); showReview(); }
  catch (e) { fail(e); }
});

// ---- review, publish, done -----------------------------------------------------

async function saveEdits(edits) {
  clearError();
  try {
    current = await api(`/api/interviews/${interviewId}/profile`, { method: "PATCH", body: edits });
    showReview();
    notice(t({ zh: "已经保存。", en: "Saved." }));
  } catch (e) { fail(e); }
}

function showReview() {
  $("heard").classList.add("hidden");
  $("review-card").src = `/api/interviews/${interviewId}/card.png?t=${Date.now()}`;
  $("review-card").alt = t({ zh: "您的名片", en: "Your card" });
  chips($("review-items"), current.noted, (n) => {
    saveEdits({ ...current.edits, removed: [...(current.edits.removed || []), n.code] });
  });
  const p = current.profile;
  $("name").value = p.name ?? "";
  $("age").value = p.age ?? "";
  $("hometown").value = p.hometown ?? "";
  $("work-area").value = p.work_area ?? "";
  $("years").value = p.years_experience ?? "";
  $("pay").value = p.expected_salary_cny_month ?? "";
  $("phone").value = p.phone ?? "";
  $("note").value = "";
  $("review-answers").replaceChildren(...current.answers.map((a) => el("li", {},
    el("div", { class: "muted" }, a.question),
    el("div", {}, a.transcript || t({ zh: "（跳过了）", en: "(skipped)" })),
    a.question_id === "video" ? null : el("div", { class: "row" },
      el("button", { type: "button", class: "small", onclick: (ev) => rerecord(ev.currentTarget, a.seq) },
        t({ zh: "🎙 重新录这一条", en: "🎙 Record again" })),
      el("button", { type: "button", class: "small", onclick: () => retype(a) },
        t({ zh: "✏ 打字改这一条", en: "✏ Type it instead" }))))));
  renderVideo();
  $("more-questions").classList.toggle("hidden", current.status === "published");
  $("publish").textContent = current.status === "published"
    ? t({ zh: "✅ 更新名片", en: "✅ Update the card" }) : t({ zh: "✅ 没问题，发布名片", en: "✅ Looks right, publish" });
  show("review");
}

async function reanswer(seq, body) {
  try {
    const result = await api(`/api/interviews/${interviewId}/answers/${seq}`, { method: "POST", body, retries: 20 });
    await load();
    showReview();
    if (result.seq === null) notice(t({ zh: "没有听到声音，原来的回答没有改。", en: "I heard nothing; the answer was not changed." }));
  } catch (e) { fail(e); }
}

function rerecord(button, seq) {
  if (recorder) {
    if (Date.now() - recorder.startedAt < MIN_ANSWER_MS) return;
    stopRecording(); button.textContent = t({ zh: "正在识别……", en: "Transcribing…" }); return;
  }
  button.textContent = t({ zh: "⏹ 说完了，按这里", en: "⏹ Done, tap here" });
  startRecording((blob) => reanswer(seq, audioForm(blob))).then(() => { if (!recorder) showReview(); });
}

function retype(answer) {
  const box = el("textarea", { rows: 3, maxlength: 500, "aria-label": answer.question });
  box.value = answer.transcript;
  const form = el("form", { class: "panel" }, box,
    el("div", { class: "actions" }, el("button", { type: "submit", class: "primary" }, t({ zh: "保存这一条", en: "Save this answer" }))));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = box.value.trim();
    if (text) reanswer(answer.seq, { text });
  });
  const item = [...$("review-answers").children][current.answers.indexOf(answer)];
  item.append(form);
  box.focus();
}

$("numbers").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const num = (v) => (v === "" ? undefined : Number(v));
  const text = (v) => v.trim();
  const phone = $("phone").value.replace(/[\s-]/g, "");
  if (phone && !/^1[3-9]\d{9}$/.test(phone)) {
    return fail(new Error(t({ zh: "手机号要 11 位数字，以 1 开头。", en: "A mobile number has 11 digits and starts with 1." })));
  }
  const note = $("note").value.trim();
  const edits = { ...current.edits, age: num($("age").value), years_experience: num($("years").value),
    expected_salary_cny_month: num($("pay").value),
    name: text($("name").value), hometown: text($("hometown").value), work_area: text($("work-area").value), phone,
    notes: note ? [...(current.edits.notes || []), note] : current.edits.notes };
  const p = current.profile;
  // Only what she changed is kept as an edit: what was said still speaks for the rest.
  for (const [field, value] of [["name", p.name], ["hometown", p.hometown], ["work_area", p.work_area], ["phone", p.phone]]) {
    if (edits[field] === (value ?? "") && current.edits[field] === undefined) delete edits[field];
  }
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
  // The address families can open (the QR code's); none when the service
  // knows no public address, and then the card has no QR code either.
  $("done-link").href = current.share_url || `/cards/${pid}`;
  $("done-link").textContent = current.share_url || t({ zh: "（还没有设置公开网址，名片上没有二维码）", en: "(no public address is set, so the card has no QR code)" });
  $("done-qr-note").classList.toggle("hidden", !current.share_url);
  show("done");
}

$("back-to-review").addEventListener("click", showReview);
$("finish").addEventListener("click", () => reset());

$("delete").addEventListener("click", () => ask({
  title: t({ zh: "删除您的资料？", en: "Delete your data?" }),
  text: t({ zh: "录音、照片和名片会全部删除，不能恢复。", en: "Your recordings, photo and card are deleted for good." }),
  yes: t({ zh: "删除", en: "Delete" }), no: t({ zh: "不删", en: "Keep" }),
  onYes: async () => {
    try {
      await api(`/api/interviews/${interviewId}`, { method: "DELETE" });
      reset();
      notice(t({ zh: "您的资料已经全部删除。", en: "All your data has been deleted." }));
    } catch (e) { fail(e); }
  },
}));

// ---- the video self-introduction (optional, on the review screen) -------------
// Camera preview → record with a clock (stops itself at 40 s) → upload →
// the video with its subtitles, what was heard, and her choice whether
// families may see it on the public card (off unless she ticks it).

const VIDEO_MAX_MS = 40 * 1000;
// A stop tap sooner than this is a slip: the server takes 5 s at least.
const VIDEO_MIN_MS = 6 * 1000;
const VIDEO_SUGGESTED_S = 20;
let video = { state: "idle", stream: null, recorder: null, timer: null, clock: null, startedAt: 0, shown: null };

function videoBusy() { return video.state === "recording" || video.state === "uploading"; }

function setVideoState(state) {
  video.state = state;
  const live = state === "preview" || state === "recording";
  $("video-camera").classList.toggle("hidden", !live);
  $("video-open").classList.toggle("hidden", state !== "idle" || Boolean(current && current.video));
  $("video-start").classList.toggle("hidden", state !== "preview");
  $("video-stop").classList.toggle("hidden", state !== "recording");
  $("video-cancel").classList.toggle("hidden", !live);
  $("video-clock").classList.toggle("hidden", state !== "recording");
  $("video-working").classList.toggle("hidden", state !== "uploading");
  $("video-saved").classList.toggle("hidden", state !== "idle" || !(current && current.video));
}

function stopVideoCamera() {
  clearTimeout(video.timer); clearInterval(video.clock);
  if (video.recorder && video.recorder.state !== "inactive") { video.cancelled = true; video.recorder.stop(); }
  if (video.stream) video.stream.getTracks().forEach((tr) => tr.stop());
  $("video-camera").srcObject = null;
  video = { ...video, stream: null, recorder: null, timer: null, clock: null };
  if (video.state !== "uploading") setVideoState("idle");
}

// The recorded video, its subtitles and what was heard; the player is
// reloaded only when the video changed.
function renderVideo() {
  if (videoBusy() || video.state === "preview") return;
  const v = current && current.video;
  const player = $("video-player");
  if (!v) {
    player.removeAttribute("src"); player.replaceChildren(); player.load();
    $("video-transcript").textContent = "";
    $("video-public").checked = false;
    video.shown = null;
  } else {
    const key = `${v.url}#${v.duration_s}#${v.transcript}`;
    if (video.shown !== key) {
      const stamp = Date.now();
      player.replaceChildren(el("track", { kind: "subtitles", src: `${v.subtitles_url}?t=${stamp}`, srclang: current.language,
        label: current.language === "zh" ? "中文" : "English", default: true }));
      player.src = `${v.url}?t=${stamp}`;
      video.shown = key;
    }
    $("video-transcript").textContent = v.transcript || t({ zh: "（没有听到说话）", en: "(nothing was heard)" });
    $("video-public").checked = v.public;
  }
  setVideoState("idle");
}

async function openVideoCamera() {
  clearError();
  try {
    video.stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } }, audio: true });
  } catch (e) {
    return fail(new Error(t({ zh: "打不开相机或麦克风。视频是可选的，不录也可以发布名片。", en: "The camera or microphone could not be opened. The video is optional: you can publish without it." })));
  }
  $("video-camera").srcObject = video.stream;
  $("video-saved").classList.add("hidden");
  setVideoState("preview");
  $("video-panel").scrollIntoView({ block: "start" });
}

function showVideoClock() {
  const s = Math.floor((Date.now() - video.startedAt) / 1000);
  const left = Math.max(0, Math.round(VIDEO_MAX_MS / 1000) - s);
  $("video-time").textContent = t({ zh: `⏺ 录像中 ${s} 秒 · 还剩 ${left} 秒`, en: `⏺ Recording ${s} s · ${left} s left` });
  $("video-tip").textContent = s < VIDEO_SUGGESTED_S
    ? t({ zh: "说到 20 秒以上更好。说完了按“停止”。", en: "20 s or more is best. Tap “stop” when you are done." })
    : t({ zh: "说完了按“停止”，40 秒时会自动停止。", en: "Tap “stop” when you are done; it stops by itself at 40 s." });
}

function startVideo() {
  if (video.state !== "preview" || !video.stream) return;
  const type = ["video/webm;codecs=vp8,opus", "video/webm;codecs=vp9,opus", "video/webm", "video/mp4"].find((m) => MediaRecorder.isTypeSupported(m));
  // About 1 Mbit/s: 40 s is some 5 MB, well under the 30 MB limit.
  const recorder = new MediaRecorder(video.stream, { ...(type ? { mimeType: type } : {}), videoBitsPerSecond: 1_000_000, audioBitsPerSecond: 64_000 });
  const chunks = [];
  video.cancelled = false;
  recorder.addEventListener("dataavailable", (e) => { if (e.data.size) chunks.push(e.data); });
  recorder.addEventListener("stop", () => {
    const cancelled = video.cancelled;
    stopVideoCamera();
    if (!cancelled) uploadVideo(new Blob(chunks, { type: recorder.mimeType || "video/webm" }));
  });
  video.recorder = recorder;
  video.startedAt = Date.now();
  recorder.start(1000);
  video.timer = setTimeout(() => stopVideo(true), VIDEO_MAX_MS);
  video.clock = setInterval(showVideoClock, 250);
  showVideoClock();
  setVideoState("recording");
}

function stopVideo(automatic) {
  if (video.state !== "recording" || !video.recorder) return;
  if (!automatic && Date.now() - video.startedAt < VIDEO_MIN_MS) {
    $("video-tip").textContent = t({ zh: "请再多说几句，至少录 6 秒。", en: "Please say a little more: at least 6 s." });
    return;
  }
  clearTimeout(video.timer); clearInterval(video.clock);
  setVideoState("uploading");
  video.recorder.stop(); // the "stop" listener uploads
}

async function uploadVideo(blob) {
  setVideoState("uploading");
  const form = new FormData();
  form.append("video", blob, "intro." + (blob.type.includes("mp4") ? "mp4" : "webm"));
  const forId = interviewId;
  try {
    const result = await api(`/api/interviews/${forId}/video`, { method: "POST", body: form, retries: 20 });
    if (interviewId !== forId) return; // the kiosk was cleared meanwhile: show nothing of hers
    current = result;
    video.state = "idle";
    showReview();
    $("video-panel").scrollIntoView({ block: "start" });
    notice(current.video && current.video.transcript
      ? t({ zh: "视频已经保存。下面是听到的话，名片也更新了。", en: "The video is saved. Below is what I heard; the card is updated too." })
      : t({ zh: "视频已经保存，但没有听到说话。可以重新录。", en: "The video is saved, but I heard no speech. You can record it again." }));
  } catch (e) {
    if (interviewId !== forId) return;
    video.state = "idle";
    renderVideo();
    fail(e);
  }
}

$("video-open").addEventListener("click", openVideoCamera);
$("video-redo").addEventListener("click", openVideoCamera);
$("video-start").addEventListener("click", startVideo);
$("video-stop").addEventListener("click", () => stopVideo(false));
$("video-cancel").addEventListener("click", () => { video.cancelled = true; stopVideoCamera(); renderVideo(); });
$("video-public").addEventListener("change", async (ev) => {
  const wanted = ev.currentTarget.checked;
  clearError();
  try {
    current = await api(`/api/interviews/${interviewId}/video`, { method: "PATCH", body: { public: wanted } });
    notice(wanted
      ? t({ zh: "好的：家庭可以在您的公开名片上看到这段视频。", en: "Done: families can see this video on your public card." })
      : t({ zh: "好的：这段视频只给登录的招聘人员看。", en: "Done: only logged-in recruiters can see this video." }));
  } catch (e) { $("video-public").checked = !wanted; fail(e); }
});
$("video-delete").addEventListener("click", () => ask({
  title: t({ zh: "删除视频？", en: "Delete the video?" }),
  text: t({ zh: "视频、字幕和视频里说的话都会删除。", en: "The video, its subtitles and what you said in it are deleted." }),
  yes: t({ zh: "删除", en: "Delete" }), no: t({ zh: "不删", en: "Keep" }),
  onYes: async () => {
    try {
      current = await api(`/api/interviews/${interviewId}/video`, { method: "DELETE" });
      showReview();
      $("video-panel").scrollIntoView({ block: "start" });
      notice(t({ zh: "视频已经删除。", en: "The video has been deleted." }));
    } catch (e) { fail(e); }
  },
}));
// Leaving the review screen turns the camera off.
new MutationObserver(() => { if (!visible("review") && video.stream && video.state !== "uploading") stopVideoCamera(); })
  .observe($("review"), { attributes: true, attributeFilter: ["class"] });
window.addEventListener("beforeunload", (e) => { if (videoBusy()) { e.preventDefault(); e.returnValue = ""; } });

// ---- a question in large text (not the browser's small dialog) ------------------

let overlayNo = null;
function ask({ title, text, yes, no, onYes, onNo }) {
  $("overlay-title").textContent = title;
  $("overlay-text").textContent = text;
  $("overlay-yes").textContent = yes;
  $("overlay-no").textContent = no;
  const close = () => { $("overlay").classList.add("hidden"); overlayNo = null; };
  $("overlay-yes").onclick = () => { close(); onYes(); };
  overlayNo = () => { close(); if (onNo) onNo(); };
  $("overlay-no").onclick = overlayNo;
  $("overlay").classList.remove("hidden");
  $("overlay-yes").focus();
}

// ---- a shared kiosk: clear everything for the next person -------------------------

// Everything this page knows about the worker goes: her id, what was heard,
// the fields, the language. What is stored stays on the server, behind her code.
function reset() {
  if (recorder) { recorder.cancelled = true; stopRecording(); }
  $("live-caption").textContent = "";
  stopCamera();
  video.cancelled = true; stopVideoCamera(); video.state = "idle";
  quiet();
  forget();
  renderVideo(); // with no interview: the player and its words are emptied
  $("overlay").classList.add("hidden");
  for (const id of ["heard-text", "heard-question", "noted", "review-items", "review-answers", "question-text", "resume-shown", "step-text"]) $(id).replaceChildren();
  for (const id of ["name", "age", "hometown", "work-area", "years", "pay", "phone", "note", "typed-text", "resume-code"]) $(id).value = "";
  $("review-card").removeAttribute("src"); $("done-card").removeAttribute("src"); $("photo-preview").removeAttribute("src");
  $("done-link").textContent = ""; $("done-link").removeAttribute("href");
  $("heard").classList.add("hidden");
  $("resume-note").classList.add("hidden");
  micUnavailable = !(navigator.mediaDevices && window.MediaRecorder);
  setRecordState("idle");
  clearError();
  if (KIOSK) { AYI.setLang("zh"); AYI.translatePage(); }
  show("consent");
}

if (KIOSK) {
  let lastActivity = Date.now();
  let countingDown = false;
  const touched = () => { lastActivity = Date.now(); };
  ["pointerdown", "keydown", "input", "touchstart"].forEach((e) => document.addEventListener(e, touched, { capture: true, passive: true }));
  // Someone is at the kiosk when anything is on screen beyond a fresh start.
  const inUse = () => interviewId !== null || AYI.getLang() !== "zh" || !visible("consent") || $("error").childElementCount > 0;
  setInterval(() => {
    if (videoBusy()) touched(); // a video being recorded or heard: she is watching
    if (countingDown || recordState !== "idle" || !inUse()) return;
    if (Date.now() - lastActivity < IDLE_S * 1000) return;
    countingDown = true;
    let left = COUNTDOWN_S;
    const code = current && current.resume_code;
    const say = () => t({
      zh: `${left} 秒后清空这台机器，给下一位用。` + (code ? `您的回答已经保存，续答码 ${code}。` : ""),
      en: `This kiosk clears itself in ${left} s for the next person.` + (code ? ` Your answers are saved; your code is ${code}.` : ""),
    });
    const tick = setInterval(() => {
      left -= 1;
      if (!countingDown) return clearInterval(tick);
      if (left <= 0) { clearInterval(tick); countingDown = false; reset(); return; }
      $("overlay-text").textContent = say();
    }, 1000);
    ask({
      title: t({ zh: "还在吗？", en: "Still there?" }), text: say(),
      yes: t({ zh: "我还在，继续", en: "I'm here, carry on" }), no: t({ zh: "换下一位", en: "Next person" }),
      onYes: () => { countingDown = false; touched(); },
      onNo: () => { countingDown = false; reset(); },
    });
  }, 1000);
  $("next-person").addEventListener("click", () => {
    if (!interviewId) return reset();
    const code = current && current.resume_code;
    ask({
      title: t({ zh: "换下一位？", en: "Next person?" }),
      text: t({ zh: "您的回答已经保存。" + (code ? `记下续答码 ${code}，下次输入它就能接着答。` : ""),
        en: "Your answers are saved." + (code ? ` Note your code ${code} to carry on later.` : "") }),
      yes: t({ zh: "是，换下一位", en: "Yes, next person" }), no: t({ zh: "不，继续", en: "No, carry on" }),
      onYes: reset,
    });
  });
}

// A reload or "back" while an answer was being recorded or sent: say so.
window.addEventListener("beforeunload", (e) => {
  if (recordState === "recording" || recordState === "working") { e.preventDefault(); e.returnValue = ""; }
});
function sayWhatHappened() {
  const pending = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (pending === "recording") {
    notice(t({ zh: "刚才的录音没有录完（页面刷新了），请再回答一次这个问题。", en: "The last recording was cut off when the page reloaded. Please answer this question again." }));
  } else if (pending === "sending") {
    notice(t({ zh: "页面刷新时回答还在发送。下面是已经保存的内容；如果这个问题还在，请再回答一次。", en: "The page reloaded while an answer was being sent. Below is what was saved; if the question is still here, please answer it again." }));
  }
}

document.addEventListener("ayi:lang", () => {
  if (question && visible("question")) setRecordState(recordState);
  if (current && current.progress) showProgress(current.progress);
});

// ---- start: resume or ask for consent -------------------------------------------

(async () => {
  setRecordState("idle");
  if (!interviewId) { show("consent"); return sayWhatHappened(); }
  try { await load(); route(); sayWhatHappened(); }
  catch (e) {
    if (e.status === 404) { forget(); return show("consent"); }
    show("consent"); fail(e);
  }
})();
