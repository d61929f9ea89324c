#!/usr/bin/env python3
"""One node on SQLite beside one on PostgreSQL, the same binary and models,
answered by turns so the machine's noise falls on both alike: typed answers
(storage and the per-interview guards, no speech) and 15 s spoken uploads.

    python3 scripts/bench_backends.py postgres://ayi@127.0.0.1:PORT/postgres

Prints JSON: per backend, typed-answer and upload latency (ms / s)."""
import json, os, socket, subprocess, sys, tempfile, time, urllib.request, uuid

BIN = os.environ.get("AYI_BIN", "target/release/ayi")
WAV = open("tests/fixtures/answer_en.wav", "rb").read()
TYPED = ["我叫王秀英，今年五十二", "我会做饭打扫卫生", "做了八年住家保姆", "想要一个月七千"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url, body=None, audio=None):
    if audio is not None:
        b = "----ayi" + uuid.uuid4().hex
        data = (f'--{b}\r\nContent-Disposition: form-data; name="audio"; filename="a.wav"\r\n'
                "Content-Type: audio/wav\r\n\r\n").encode() + audio + f"\r\n--{b}--\r\n".encode()
        req = urllib.request.Request(url, data=data, headers={"content-type": f"multipart/form-data; boundary={b}"})
    else:
        req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"content-type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(req) as reply:
        return json.load(reply), time.perf_counter() - started


def start(data, database):
    port = free_port()
    args = [BIN, "serve", "--no-demo", "--addr", f"127.0.0.1:{port}", "--data", data]
    if database:
        args += ["--database", database, "--index", os.path.join(data, "index")]
    node = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz")
            return node, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    sys.exit("a node did not start")


def quantiles(xs):
    xs = sorted(xs)
    return {"p50": round(xs[len(xs) // 2], 3), "p95": round(xs[min(len(xs) - 1, int(len(xs) * 0.95))], 3)}


def main():
    with tempfile.TemporaryDirectory() as temp:
        nodes = {"sqlite": start(os.path.join(temp, "sqlite"), None),
                 "postgres": start(os.path.join(temp, "postgres"), sys.argv[1])}
        typed = {k: [] for k in nodes}
        upload = {k: [] for k in nodes}
        try:
            for _ in range(5):
                for name, (_, base) in nodes.items():
                    interview, _ = post(base + "/api/interviews", {"language": "zh"})
                    for text in TYPED:
                        _, dt = post(f"{base}/api/interviews/{interview['id']}/answers", {"text": text})
                        typed[name].append(dt * 1000)
                    interview, _ = post(base + "/api/interviews", {"language": "en"})
                    _, dt = post(f"{base}/api/interviews/{interview['id']}/answers", audio=WAV)
                    upload[name].append(dt)
        finally:
            for node, _ in nodes.values():
                node.kill()
        print(json.dumps({k: {"typed_answer_ms": quantiles(typed[k]), "upload_15s_s": quantiles(upload[k])}
                          for k in nodes}, indent=2))


main()
