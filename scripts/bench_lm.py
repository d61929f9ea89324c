#!/usr/bin/env python3
"""Language-model benchmark: ayi's Gemma 3 in candle against llama.cpp
(llama-cpp-python) on the same GGUF, same prompt, greedy, 2 threads,
alternating run by run. Reports prefill and decode tokens per second.

    pip install llama-cpp-python==0.3.36   # compiles llama.cpp (~10 min here)
    python3 scripts/bench_lm.py [--runs 5]
"""
import argparse, json, os, statistics, subprocess, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def llama_run(llm, prompt, n_gen):
    ids = llm.tokenize(prompt.encode(), add_bos=True, special=False)
    llm.reset()
    t = time.perf_counter()
    llm.eval(ids)
    prefill = time.perf_counter() - t
    t = time.perf_counter()
    for _ in range(n_gen):
        tok = int(llm.scores[llm.n_tokens - 1].argmax())
        llm.eval([tok])
    decode = time.perf_counter() - t
    return len(ids), prefill, decode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ayi", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release/ayi"))
    args = ap.parse_args()
    from llama_cpp import Llama
    gguf = os.path.join(os.environ.get("AYI_MODELS", os.path.join(ROOT, "models")), "gemma-3-270m/gemma-3-270m-q4_k_m.gguf")
    text = open(os.path.join(ROOT, "tests/fixtures/lm_en.txt")).read().strip()
    zh = open(os.path.join(ROOT, "tests/fixtures/lm_zh.txt")).read().strip()
    # Prompts that end mid-sentence, so both runners generate the same tokens.
    prompts = {"en": f"{text} {text} Then", "zh": f"{zh}{zh}北京"}
    llm = Llama(model_path=gguf, n_ctx=1024, n_batch=512, n_threads=2, verbose=False)
    print(f"# {args.runs} runs each, alternating; greedy; 2 threads; {time.strftime('%Y-%m-%d')}\n")
    print("| prompt | runner | prompt tokens | prefill tok/s (median) | decode tok/s (median) |")
    print("|---|---|---|---|---|")
    for label, prompt in prompts.items():
        a_pre, a_dec, l_pre, l_dec = [], [], [], []
        for _ in range(args.runs):
            out = json.loads(subprocess.run([args.ayi, "lm", "complete", prompt, "--max-tokens", "32"],
                                            capture_output=True, text=True, check=True).stdout)
            a_pre.append(out["prefill_tokens_per_s"])
            a_dec.append(out["decode_tokens_per_s"])
            n_gen = max(1, out["generated_tokens"])
            n, pre, dec = llama_run(llm, prompt, n_gen)
            l_pre.append(n / pre)
            l_dec.append(n_gen / dec)
        print(f"| {label} | ayi (candle) | {out['prompt_tokens']} | {statistics.median(a_pre):.0f} | {statistics.median(a_dec):.1f} |")
        print(f"| {label} | llama.cpp | {n} | {statistics.median(l_pre):.0f} | {statistics.median(l_dec):.1f} |")


if __name__ == "__main__":
    main()
