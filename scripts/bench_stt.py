#!/usr/bin/env python3
"""Speech-to-text benchmark: `ayi transcribe` against faster-whisper.

Both run the same Whisper base weights (faster-whisper reads the CTranslate2
files that `ayi models fetch` assembled; ayi reads its ggml conversion) on the
same audio with the same beam size, alternating run by run so the machine's
noise hits both alike. Reported: whole-process wall time, CPU time and peak
RSS; in-process time per transcription (model already loaded); and, per ggml
weight type, speed and transcript.

    pip install faster-whisper==1.2.1
    target/release/ayi models fetch --weights f16 --weights q8_0 --weights q5_1
    python3 scripts/bench_stt.py [--runs 5]
"""
import argparse, json, os, re, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JFK = os.path.join(ROOT, "tests/fixtures/jfk.wav")
ZH = os.path.join(ROOT, "tests/fixtures/zh_asr_example.wav")
JFK_TEXT = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."
ZH_TEXT = "欢迎大家来体验达摩院推出的语音识别模型"

FW_WHOLE = """
import sys
from faster_whisper import WhisperModel
m = WhisperModel(sys.argv[1], device="cpu", compute_type="int8", cpu_threads=2)
segs, info = m.transcribe(sys.argv[2], beam_size=int(sys.argv[3]))
print("".join(s.text for s in segs).strip())
"""

FW_IN_PROCESS = """
import sys, time, json
from faster_whisper import WhisperModel
m = WhisperModel(sys.argv[1], device="cpu", compute_type="int8", cpu_threads=2)
runs = []
for _ in range(int(sys.argv[4])):
    t = time.perf_counter()
    segs, info = m.transcribe(sys.argv[2], beam_size=int(sys.argv[3]))
    text = "".join(s.text for s in segs).strip()
    runs.append(time.perf_counter() - t)
print(json.dumps({"runs_s": runs, "text": text}))
"""


def run(cmd, env=None):
    """Runs cmd; returns (wall s, cpu s, peak RSS MB, stdout)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.decode()


def error_rate(ref, hyp):
    r, h = ref, hyp
    row = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, row[0] = row[0], i
        for j in range(1, len(h) + 1):
            cur = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
            prev = cur
    return row[len(h)] / max(1, len(r))


def wer(ref, hyp):
    words = lambda s: re.findall(r"[a-z']+", s.lower())
    return error_rate(words(ref), words(hyp))


def cer(ref, hyp):
    chars = lambda s: [c for c in s if c.isalnum()]
    return error_rate(chars(ref), chars(hyp))


def med(xs):
    return statistics.median(xs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ayi", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release/ayi"))
    ap.add_argument("--models", default=os.environ.get("AYI_MODELS", os.path.join(ROOT, "models")))
    args = ap.parse_args()
    ct2 = os.path.join(args.models, "whisper-base-ct2")
    env = dict(os.environ, AYI_MODELS=args.models, AYI_THREADS="2")
    py = sys.executable
    print(f"# {args.runs} runs each, alternating; 2 threads; {time.strftime('%Y-%m-%d')}; {os.cpu_count()} cores\n")

    print("## Whole process (jfk.wav, 11 s, language auto-detected)\n")
    print("| beam | runner | wall median s | CPU median s | peak RSS MB | ratio (fw / ayi wall) | transcript WER |")
    print("|---|---|---|---|---|---|---|")
    for beam in (1, 5):
        res = {"ayi": [], "fw": []}
        for _ in range(args.runs):
            res["ayi"].append(run([args.ayi, "transcribe", JFK, "--beam", str(beam)], env))
            res["fw"].append(run([py, "-c", FW_WHOLE, ct2, JFK, str(beam)]))
        ayi_text = json.loads(res["ayi"][-1][3])["text"]
        fw_text = res["fw"][-1][3].strip()
        ratio = med([r[0] for r in res["fw"]]) / med([r[0] for r in res["ayi"]])
        for name, text in (("ayi q8_0", ayi_text), ("faster-whisper int8", fw_text)):
            key = "ayi" if name.startswith("ayi") else "fw"
            rs = res[key]
            print(f"| {beam} | {name} | {med([r[0] for r in rs]):.2f} | {med([r[1] for r in rs]):.2f} | "
                  f"{max(r[2] for r in rs):.0f} | {ratio:.2f} | {wer(JFK_TEXT, text):.2f} |")

    print("\n## In process (model loaded once; per transcription)\n")
    print("| audio | beam | ayi median s | faster-whisper median s | ratio (fw / ayi) |")
    print("|---|---|---|---|---|")
    for audio, label in ((JFK, "jfk.wav"), (ZH, "zh_asr_example.wav")):
        for beam in (1, 5):
            a, f = [], []
            for _ in range(2):  # alternate two blocks of runs
                out = run([args.ayi, "bench", "stt", audio, "--runs", str(args.runs), "--beam", str(beam)], env)[3]
                a += json.loads(out)["runs_s"]
                out = run([py, "-c", FW_IN_PROCESS, ct2, audio, str(beam), str(args.runs)])[3]
                f += json.loads(out)["runs_s"]
            print(f"| {label} | {beam} | {med(a):.3f} | {med(f):.3f} | {med(f) / med(a):.2f} |")

    print("\n## ggml weight types (whole process, beam 1, language auto)\n")
    print("| weights | file MB | jfk wall s | jfk WER | zh wall s | zh CER | zh transcript |")
    print("|---|---|---|---|---|---|---|")
    for w in ("f16", "q8_0", "q5_1"):
        path = os.path.join(args.models, f"ggml-base-{w}.bin")
        if not os.path.exists(path):
            print(f"| {w} | missing: run `ayi models fetch --weights {w}` | | | | | |")
            continue
        jfk = [run([args.ayi, "transcribe", JFK, "--weights", w], env) for _ in range(args.runs)]
        zh = [run([args.ayi, "transcribe", ZH, "--weights", w], env) for _ in range(args.runs)]
        jt, zt = json.loads(jfk[-1][3])["text"], json.loads(zh[-1][3])["text"]
        print(f"| {w} | {os.path.getsize(path) / 1e6:.0f} | {med([r[0] for r in jfk]):.2f} | {wer(JFK_TEXT, jt):.2f} | "
              f"{med([r[0] for r in zh]):.2f} | {cer(ZH_TEXT, zt):.2f} | {zt} |")


if __name__ == "__main__":
    main()
