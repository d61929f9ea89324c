//! The font that ships with ayi (WenQuanYi Micro Hei, compiled in): the cards
//! are drawn with it, and the pages offer it to browsers as a web font, so a
//! kiosk or phone without a Chinese system font shows Chinese, not boxes.
//!
//! The file is a TrueType Collection (two faces sharing their glyphs), which
//! browsers do not take in `@font-face`. [`web_font`] copies face 0 out as a
//! plain TrueType file, once, in memory: the same table data under a header
//! of its own, checksums recomputed. Its `post` table drops the 30,000 glyph
//! names (version 3: names are only for printers and font editors), a
//! tenth of the file.

use std::sync::OnceLock;

/// WenQuanYi Micro Hei 0.2.0-beta (assets/fonts/README.md).
pub const COLLECTION: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttc");
/// The family name of face 0, as the cards ask for it.
pub const FAMILY: &str = "WenQuanYi Micro Hei";

/// Face 0 of [`COLLECTION`] as a TrueType file, built on first use.
pub fn web_font() -> &'static [u8] {
    static FONT: OnceLock<Vec<u8>> = OnceLock::new();
    FONT.get_or_init(|| face_as_font(COLLECTION, 0).expect("the bundled collection is well formed (tested)"))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The OpenType checksum: the sum of big-endian u32 words, zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, word| {
        let mut w = [0u8; 4];
        w[..word.len()].copy_from_slice(word);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// Face `index` of a TrueType Collection as a standalone font file, or None
/// if the collection is malformed.
pub fn face_as_font(collection: &[u8], index: u32) -> Option<Vec<u8>> {
    if collection.get(..4)? != b"ttcf" || index >= u32_at(collection, 8)? {
        return None;
    }
    let face = u32_at(collection, 12 + 4 * index as usize)? as usize;
    let sfnt_version = u32_at(collection, face)?;
    let count = u16_at(collection, face + 4)? as usize;
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(count);
    for i in 0..count {
        let record = face + 12 + 16 * i;
        let tag: [u8; 4] = collection.get(record..record + 4)?.try_into().ok()?;
        let (offset, length) = (u32_at(collection, record + 8)? as usize, u32_at(collection, record + 12)? as usize);
        let mut data = collection.get(offset..offset.checked_add(length)?)?.to_vec();
        match &tag {
            // Version 3.0: the same header, no glyph names.
            b"post" => {
                data.truncate(32);
                data.get_mut(..4)?.copy_from_slice(&0x0003_0000u32.to_be_bytes());
            }
            // checkSumAdjustment is the whole file's: set below.
            b"head" => data.get_mut(8..12)?.fill(0),
            _ => {}
        }
        tables.push((tag, data));
    }
    tables.sort_by_key(|(tag, _)| *tag);

    // The offset table: version, table count and the binary-search fields.
    let n = tables.len() as u16;
    let entry_selector = 15 - n.max(1).leading_zeros() as u16;
    let search_range = (1u16 << entry_selector) * 16;
    let mut out = Vec::with_capacity(tables.iter().map(|(_, d)| d.len() + 3).sum::<usize>() + 12 + 16 * tables.len());
    out.extend(sfnt_version.to_be_bytes());
    for field in [n, search_range, entry_selector, n * 16 - search_range] {
        out.extend(field.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in &tables {
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    let mut head_at = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out.get_mut(head_at? + 8..head_at? + 12)?.copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn face_zero_is_a_whole_truetype_font_with_the_collections_glyphs() {
        let font = web_font();
        assert_eq!(&font[..4], &0x0001_0000u32.to_be_bytes(), "a TrueType outline font");
        assert!(font.len() > 3_000_000 && font.len() < COLLECTION.len(), "{}", font.len());
        // Every table lies inside the file, 4-byte aligned, and its checksum holds.
        let count = u16_at(font, 4).unwrap() as usize;
        let mut tags = Vec::new();
        for i in 0..count {
            let record = 12 + 16 * i;
            let tag = &font[record..record + 4];
            let (sum, offset, length) = (
                u32_at(font, record + 4).unwrap(),
                u32_at(font, record + 8).unwrap(),
                u32_at(font, record + 12).unwrap(),
            );
            let (offset, length) = (offset as usize, length as usize);
            assert!(offset % 4 == 0 && offset + length <= font.len(), "{tag:?}");
            let mut data = font[offset..offset + length].to_vec();
            if tag == b"head" {
                data[8..12].fill(0);
            }
            assert_eq!(checksum(&data), sum, "{tag:?}");
            tags.push(tag.to_vec());
        }
        assert!(tags.windows(2).all(|w| w[0] < w[1]), "tables sorted by tag");
        for needed in [b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"post"] {
            assert!(tags.iter().any(|t| t == needed), "{needed:?}");
        }
        // The whole file sums to the magic number, as a font's must.
        assert_eq!(checksum(font), 0xB1B0_AFBA);
        // cosmic-text's font database reads it as the family the cards ask for.
        let mut db = cosmic_text::fontdb::Database::new();
        db.load_font_data(font.to_vec());
        let face = db.faces().next().expect("one face");
        assert!(face.families.iter().any(|(name, _)| name == FAMILY), "{:?}", face.families);
        assert!(face_as_font(b"not a collection", 0).is_none() && face_as_font(COLLECTION, 2).is_none());
    }
}
