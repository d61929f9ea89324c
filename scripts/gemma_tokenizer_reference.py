"""Reference token ids for ayi's Gemma tokenizer, from Google's sentencepiece
library (an independent implementation) fed the vocabulary in the GGUF file."""
import json, sys
from gguf import GGUFReader
import sentencepiece as spm
from sentencepiece import sentencepiece_model_pb2 as pb

r = GGUFReader(sys.argv[1])
f = r.fields
tokens = [bytes(f["tokenizer.ggml.tokens"].parts[i]).decode("utf-8") for i in f["tokenizer.ggml.tokens"].data]
scores = [float(f["tokenizer.ggml.scores"].parts[i][0]) for i in f["tokenizer.ggml.scores"].data]
types = [int(f["tokenizer.ggml.token_type"].parts[i][0]) for i in f["tokenizer.ggml.token_type"].data]
m = pb.ModelProto()
m.trainer_spec.model_type = pb.TrainerSpec.BPE
m.trainer_spec.byte_fallback = True
m.trainer_spec.vocab_size = len(tokens)
m.trainer_spec.unk_id = 3; m.trainer_spec.bos_id = 2; m.trainer_spec.eos_id = 1; m.trainer_spec.pad_id = 0
m.normalizer_spec.name = "identity"
m.normalizer_spec.add_dummy_prefix = False
m.normalizer_spec.remove_extra_whitespaces = False
m.normalizer_spec.escape_whitespaces = True
for t, s, ty in zip(tokens, scores, types):
    p = m.pieces.add(); p.piece = t; p.score = s; p.type = ty
sp = spm.SentencePieceProcessor(model_proto=m.SerializeToString())
strings = json.load(open(sys.argv[2]))
cases = [{"text": s, "ids": sp.encode(s)} for s in strings]
json.dump({"source": "sentencepiece %s, BPE, pieces/scores/types from the GGUF, no dummy prefix; no BOS" % spm.__version__, "cases": cases},
          open(sys.argv[3], "w"), ensure_ascii=False, indent=1)
print(len(cases), cases[0]["ids"][:12], cases[5]["ids"])
