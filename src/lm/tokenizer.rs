//! Gemma's tokenizer, rebuilt from the vocabulary inside the GGUF file.
//!
//! The GGUF carries a SentencePiece BPE model as three arrays: pieces, scores
//! and types. SentencePiece BPE repeatedly merges the adjacent pair whose
//! result has the highest score; a `tokenizers` BPE does the same with merge
//! ranks, so the merges are every split `(a, b)` of a piece whose halves are
//! both pieces, ranked by the piece's score. Spaces become "▁" (no dummy
//! prefix for Gemma), unknown characters fall back to byte pieces
//! `<0xNN>`, and control and user-defined pieces are added tokens matched
//! whole. The test checks the ids against Google's sentencepiece library on
//! the same vocabulary. Like SentencePiece, encoding adds no BOS: callers do.
//!
//! Qwen2's tokenizer is GPT-2's byte-level BPE: the GGUF stores the pieces
//! (bytes mapped to printable characters, so a space is "Ġ") and the merges
//! in rank order, which is exactly what a `tokenizers` BPE takes. Text is
//! NFC-normalised and split by Qwen2's regex before the bytes are mapped, as
//! Qwen's own `tokenizer.json` does; control pieces (`<|im_start|>`, …) are
//! special tokens matched whole.

use std::collections::HashMap;

use tokenizers::decoders::byte_fallback::ByteFallback;
use tokenizers::decoders::byte_level::ByteLevel;
use tokenizers::decoders::fuse::Fuse;
use tokenizers::decoders::sequence::Sequence as DecoderSequence;
use tokenizers::models::bpe::BPE;
use tokenizers::normalizers::{Replace, NFC};
use tokenizers::pre_tokenizers::sequence::Sequence as PreTokenizerSequence;
use tokenizers::pre_tokenizers::split::{Split, SplitPattern};
use tokenizers::{
    AddedToken, DecoderWrapper, NormalizerWrapper, PreTokenizerWrapper, SplitDelimiterBehavior, Tokenizer,
};

/// SentencePiece piece types, as GGUF stores them.
const NORMAL: i32 = 1;
const CONTROL: i32 = 3;
const USER_DEFINED: i32 = 4;

/// How Qwen2 cuts text into words before BPE (llama.cpp's `qwen2`
/// pre-tokenizer): English contractions, letters with at most one leading
/// non-letter, single digits, punctuation runs, newlines, other spaces.
const QWEN2_SPLIT: &str =
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

#[derive(Debug, thiserror::Error)]
#[error("the GGUF tokenizer cannot be built: {0}")]
pub struct TokenizerError(pub String);

/// Builds the tokenizer from GGUF's `tokenizer.ggml.{tokens,scores,token_type}`.
pub fn from_sentencepiece(pieces: &[String], scores: &[f32], types: &[i32]) -> Result<Tokenizer, TokenizerError> {
    if pieces.len() != scores.len() || pieces.len() != types.len() {
        return Err(TokenizerError("pieces, scores and types differ in length".into()));
    }
    let vocab: HashMap<String, u32> = pieces.iter().enumerate().map(|(i, p)| (p.clone(), i as u32)).collect();
    // Candidate merges: each normal piece split in two known pieces, ranked by
    // the piece's score (higher first), then by id for a stable order.
    let mut merges: Vec<(f32, u32, usize, String, String)> = Vec::new();
    for (id, piece) in pieces.iter().enumerate() {
        if types[id] != NORMAL || piece.chars().count() < 2 {
            continue;
        }
        for (split, _) in piece.char_indices().skip(1) {
            let (left, right) = piece.split_at(split);
            if vocab.contains_key(left) && vocab.contains_key(right) {
                merges.push((scores[id], id as u32, split, left.to_string(), right.to_string()));
            }
        }
    }
    merges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let merges: Vec<(String, String)> = merges.into_iter().map(|(_, _, _, l, r)| (l, r)).collect();

    let bpe = BPE::builder()
        .vocab_and_merges(vocab.into_iter().collect::<tokenizers::models::bpe::Vocab>(), merges)
        .byte_fallback(true)
        .unk_token("<unk>".into())
        .fuse_unk(true)
        .build()
        .map_err(|e| TokenizerError(e.to_string()))?;
    let mut tokenizer = Tokenizer::new(bpe);
    let space = Replace::new(" ", "▁").map_err(|e| TokenizerError(e.to_string()))?;
    tokenizer.with_normalizer(Some(NormalizerWrapper::Replace(space)));
    let unspace = tokenizers::decoders::DecoderWrapper::Replace(
        Replace::new("▁", " ").map_err(|e| TokenizerError(e.to_string()))?,
    );
    tokenizer.with_decoder(Some(DecoderWrapper::Sequence(DecoderSequence::new(vec![
        unspace,
        DecoderWrapper::ByteFallback(ByteFallback::new()),
        DecoderWrapper::Fuse(Fuse::new()),
    ]))));
    let specials: Vec<AddedToken> = pieces
        .iter()
        .zip(types)
        .filter(|(_, &t)| t == CONTROL)
        .map(|(p, _)| AddedToken::from(p.clone(), true))
        .collect();
    tokenizer.add_special_tokens(&specials);
    let user: Vec<AddedToken> = pieces
        .iter()
        .zip(types)
        // SentencePiece matches these in the normalised text, where spaces are
        // already "▁": pieces of literal spaces can never match, "\n" runs do.
        .filter(|(p, &t)| t == USER_DEFINED && !p.contains(' '))
        .map(|(p, _)| AddedToken::from(p.clone(), false).normalized(false))
        .collect();
    tokenizer.add_tokens(&user);
    Ok(tokenizer)
}

/// Builds a byte-level BPE from GGUF's `tokenizer.ggml.{tokens,token_type,merges}`
/// (merges are "left right", highest priority first).
pub fn from_byte_level_bpe(pieces: &[String], types: &[i32], merges: &[String]) -> Result<Tokenizer, TokenizerError> {
    if pieces.len() != types.len() {
        return Err(TokenizerError("pieces and types differ in length".into()));
    }
    let vocab: tokenizers::models::bpe::Vocab = pieces.iter().enumerate().map(|(i, p)| (p.clone(), i as u32)).collect();
    // Byte-level pieces never hold a literal space, so the first one separates.
    let merges = merges
        .iter()
        .map(|m| {
            m.split_once(' ')
                .map(|(l, r)| (l.to_string(), r.to_string()))
                .ok_or_else(|| TokenizerError(format!("merge {m:?} is not two pieces")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let bpe = BPE::builder().vocab_and_merges(vocab, merges).build().map_err(|e| TokenizerError(e.to_string()))?;
    let mut tokenizer = Tokenizer::new(bpe);
    tokenizer.with_normalizer(Some(NormalizerWrapper::NFC(NFC)));
    let split = Split::new(SplitPattern::Regex(QWEN2_SPLIT.into()), SplitDelimiterBehavior::Isolated, false)
        .map_err(|e| TokenizerError(e.to_string()))?;
    tokenizer.with_pre_tokenizer(Some(PreTokenizerWrapper::Sequence(PreTokenizerSequence::new(vec![
        PreTokenizerWrapper::Split(split),
        PreTokenizerWrapper::ByteLevel(ByteLevel::new(false, false, false)),
    ]))));
    tokenizer.with_decoder(Some(DecoderWrapper::ByteLevel(ByteLevel::new(false, false, false))));
    let whole = |kind: i32| -> Vec<AddedToken> {
        pieces
            .iter()
            .zip(types)
            .filter(|(_, &t)| t == kind)
            .map(|(p, _)| AddedToken::from(p.clone(), kind == CONTROL).normalized(false))
            .collect()
    };
    tokenizer.add_special_tokens(&whole(CONTROL));
    tokenizer.add_tokens(&whole(USER_DEFINED));
    Ok(tokenizer)
}
