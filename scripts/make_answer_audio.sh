#!/usr/bin/env bash
# Regenerates the spoken test answers in tests/fixtures (committed, so tests
# need neither tool): espeak-ng speaks them, sox makes 16 kHz mono 16-bit WAV,
# the format Chromium's fake microphone plays in the browser test.
#   apt-get install espeak-ng sox
set -euo pipefail
cd "$(dirname "$0")/.."
say() {
    espeak-ng -v en-us -s 145 -w /tmp/ayi-say.wav "$2"
    sox /tmp/ayi-say.wav -r 16000 -c 1 -b 16 "tests/fixtures/$1"
    rm -f /tmp/ayi-say.wav
}
say answer_en.wav "Hello, my name is Maria Santos. I am forty five years old. I can cook and clean the house, and I take care of elderly people. I have worked for ten years. I can live in. I want six thousand yuan a month."
say answer_en_phone.wav "My phone number is one three eight, one two three four, five six seven eight. My ID card number is one one zero one zero five, one nine seven zero, zero one zero one, one two three four."
