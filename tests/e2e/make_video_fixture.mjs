// Makes tests/fixtures/video_en.webm: a few seconds of WebM as a phone's
// MediaRecorder writes it (VP8 video and Opus audio in one file), so the
// tests can check that the audio of a video upload is found and heard.
// Chromium's fake camera draws the picture and its fake microphone plays
// tests/fixtures/answer_en.wav (espeak-ng, see scripts/make_answer_audio.sh).
// No ffmpeg: the browser that workers use makes the file.
//
//   node tests/e2e/make_video_fixture.mjs [seconds] [out.webm]

import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { writeFileSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const seconds = Number(process.argv[2] || 7);
const out = resolve(process.argv[3] || join(root, "tests/fixtures/video_en.webm"));

// getUserMedia needs a secure context: a page from localhost is one.
const server = createServer((_, res) => { res.setHeader("Content-Type", "text/html"); res.end("<!doctype html><title>rec</title>"); });
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    `--use-file-for-fake-audio-capture=${join(root, "tests/fixtures/answer_en.wav")}`],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const base64 = await page.evaluate(async (ms) => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 160, height: 120 } });
    const recorder = new MediaRecorder(stream, { mimeType: "video/webm;codecs=vp8,opus", videoBitsPerSecond: 100_000, audioBitsPerSecond: 32_000 });
    const chunks = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const stopped = new Promise((ok) => { recorder.onstop = ok; });
    recorder.start(1000);
    await new Promise((ok) => setTimeout(ok, ms));
    recorder.stop();
    await stopped;
    stream.getTracks().forEach((t) => t.stop());
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let s = "";
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, seconds * 1000);
  const bytes = Buffer.from(base64, "base64");
  writeFileSync(out, bytes);
  console.log(`${out}: ${bytes.length} bytes, ${seconds} s`);
} finally {
  await browser.close();
  server.close();
}
