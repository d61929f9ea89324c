import json, sys, math, time
import numpy as np
from llama_cpp import Llama
llm = Llama(model_path=sys.argv[1], n_ctx=512, n_threads=2, logits_all=True, verbose=False)
out = {"source": "llama.cpp via llama-cpp-python %s, same GGUF, n_threads=2" % __import__('llama_cpp').__version__, "cases": []}
for path in sys.argv[3:]:
    text = open(path).read()
    # Same ids as ayi: BOS + sentencepiece ids (llama.cpp's tokenizer on the same file).
    ids = llm.tokenize(text.encode(), add_bos=True, special=False)
    llm.reset()
    t = time.time()
    llm.eval(ids)
    dt = time.time() - t
    logits = np.array(llm.scores[: len(ids)])
    lp = logits - np.log(np.exp(logits - logits.max(1, keepdims=True)).sum(1, keepdims=True)) - logits.max(1, keepdims=True)
    nll = -np.mean([lp[i, ids[i + 1]] for i in range(len(ids) - 1)])
    top = [[int(j) for j in np.argsort(-logits[i])[:5]] for i in range(len(ids) - 1)]
    out["cases"].append({"file": path.split('/')[-1], "ids": ids, "mean_nll": float(nll), "perplexity": float(math.exp(nll)),
                         "top5_next": top, "prefill_seconds_logits_all": dt})
    print(path, len(ids), math.exp(nll), dt)
json.dump(out, open(sys.argv[2], "w"), indent=1)
