//! Résumé cards: what a family may see ([`redact`]), the picture-and-text
//! card as PNG ([`render`]) and HTML ([`html`]), and the JSON Resume export
//! ([`jsonresume`]). All of them start from the same [`render::CardContent`].

pub mod html;
pub mod jsonresume;
pub mod redact;
pub mod render;
