//! Sentence embeddings for search: profiles as passages, recruiters' words as
//! queries, in one multilingual vector space.
//!
//! [`Embedder`] is the seam: the index only needs `embed`, so its logic is
//! unit-tested with a tiny fake, and the real model ([`e5::E5Embedder`],
//! multilingual-e5-small in candle) runs everywhere else.
//!
//! The files it runs are [`crate::models::e5`]'s: that module fetches and
//! converts them and defines their format; this one only reads them, so the
//! dependency goes one way (embed → models).

pub mod e5;
pub mod gelu;
pub mod tokenizer;

use crate::fault::Fault;

/// e5 was trained with these prefixes; leaving them out costs accuracy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Query,
    Passage,
}

impl TextKind {
    pub fn prefix(self) -> &'static str {
        match self {
            TextKind::Query => "query: ",
            TextKind::Passage => "passage: ",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("the embedding model is not on this machine ({0} is missing): run `ayi models fetch`")]
    NotFetched(String),
    #[error("embedding model: {0}")]
    Model(String),
}

impl EmbedError {
    pub fn fault(&self) -> Fault {
        Fault::Internal
    }
}

/// The width of multilingual-e5-small's vectors: what an index built for
/// this embedder stores.
pub const E5_DIM: usize = 384;

/// Texts in, unit-length vectors out (same order).
pub trait Embedder: Send {
    fn dim(&self) -> usize;
    fn embed(&mut self, texts: &[&str], kind: TextKind) -> Result<Vec<Vec<f32>>, EmbedError>;
}
