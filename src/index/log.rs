//! The index's store: an append-only log of checksummed records.
//!
//! Every add, update and removal is one record `[len u32][crc32 u32][payload]`,
//! appended and then flushed to disk with `fdatasync` before the command
//! reports success. A process killed mid-append leaves at most one torn
//! record at the end, which the next writer cuts back to the last whole
//! record. A damaged record elsewhere (a flipped bit on disk) is skipped and
//! reported, and reading resumes at the next whole record: one bad byte
//! must not hide every profile after it. So a profile is either in the index completely or not at all,
//! and everything else (vectors, keyword postings, columns) is rebuilt from
//! this file.

use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::extract::Profile;

/// What a put record holds besides the vector.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    pub profile: Profile,
    /// The worker's own words, searched by keyword and quoted as evidence.
    #[serde(default)]
    pub transcript: String,
    /// Keyword-search terms, segmented once when the profile is added
    /// (jieba is too slow to rerun over a million profiles at every open).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub search_terms: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Record {
    Put { document: Box<Document>, embedding: Vec<f32> },
    Remove { id: String },
}

const PUT: u8 = 1;
const REMOVE: u8 = 2;
/// Larger than any real record (a profile plus a 384-float vector is a few KB):
/// a corrupt length field is read as a torn tail, not as a 4 GB allocation.
const MAX_RECORD: usize = 16 << 20;

impl Record {
    fn encode(&self) -> io::Result<Vec<u8>> {
        let mut payload = Vec::new();
        match self {
            Record::Put { document, embedding } => {
                payload.push(PUT);
                let json = serde_json::to_vec(document).map_err(io::Error::other)?;
                payload.extend_from_slice(&(json.len() as u32).to_le_bytes());
                payload.extend_from_slice(&json);
                payload.extend_from_slice(&(embedding.len() as u32).to_le_bytes());
                for v in embedding {
                    payload.extend_from_slice(&v.to_le_bytes());
                }
            }
            Record::Remove { id } => {
                payload.push(REMOVE);
                payload.extend_from_slice(&(id.len() as u32).to_le_bytes());
                payload.extend_from_slice(id.as_bytes());
            }
        }
        let mut out = Vec::with_capacity(payload.len() + 8);
        out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        Ok(out)
    }

    fn decode(payload: &[u8]) -> Option<Record> {
        let u32_at = |at: usize| Some(u32::from_le_bytes(payload.get(at..at + 4)?.try_into().ok()?) as usize);
        match *payload.first()? {
            PUT => {
                let json_len = u32_at(1)?;
                let document = serde_json::from_slice(payload.get(5..5 + json_len)?).ok()?;
                let dim = u32_at(5 + json_len)?;
                let floats = payload.get(9 + json_len..9 + json_len + dim * 4)?;
                let embedding = floats.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect();
                Some(Record::Put { document, embedding })
            }
            REMOVE => {
                let len = u32_at(1)?;
                Some(Record::Remove { id: String::from_utf8(payload.get(5..5 + len)?.to_vec()).ok()? })
            }
            _ => None,
        }
    }
}

/// What [`replay`] found besides the records.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Replayed {
    /// The log up to the end of its last whole record: anything after it is a
    /// torn tail (a crash mid-append), which the next writer cuts off.
    pub valid_len: u64,
    /// Damaged stretches *before* that end, as `(offset, length)`: bytes that
    /// held records once and were skipped to reach the whole ones after
    /// them. Their records are lost from this file and must come back from
    /// the source of truth.
    pub damaged: Vec<(u64, u64)>,
}

/// Reads every whole record from `path` (none if it does not exist), calling
/// `each` with the record and the byte offset just past it. A damaged
/// record does not hide the ones after it: reading resumes at the next
/// offset where a whole record (length, checksum and contents all sound)
/// starts.
pub fn replay(path: &Path, mut each: impl FnMut(Record, u64)) -> io::Result<Replayed> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Replayed::default()),
        Err(e) => return Err(e),
    };
    let file_len = file.metadata()?.len();
    let mut reader = BufReader::with_capacity(1 << 20, &file);
    let mut replayed = Replayed::default();
    let mut at = 0u64;
    let mut payload = Vec::new();
    loop {
        if let Some((record, len)) = read_record(&mut reader, &mut payload)? {
            at += len;
            replayed.valid_len = at;
            each(record, at);
            continue;
        }
        // Damage or the end: look for the next whole record after `at`.
        match next_whole_record(&file, at + 1, file_len, &mut payload)? {
            Some(start) => {
                replayed.damaged.push((at, start - at));
                at = start;
                reader.seek(SeekFrom::Start(start))?;
            }
            None => return Ok(replayed),
        }
    }
}

/// One record from `reader`, with its length on disk; `None` at the end of
/// the file or where the bytes are not a whole, sound record.
fn read_record(reader: &mut impl Read, payload: &mut Vec<u8>) -> io::Result<Option<(Record, u64)>> {
    let mut header = [0u8; 8];
    if read_full(reader, &mut header)? < 8 {
        return Ok(None);
    }
    let len = u32::from_le_bytes(header[..4].try_into().unwrap()) as usize;
    let crc = u32::from_le_bytes(header[4..].try_into().unwrap());
    if len > MAX_RECORD {
        return Ok(None);
    }
    payload.resize(len, 0);
    if read_full(reader, payload)? < len || crc32fast::hash(payload) != crc {
        return Ok(None);
    }
    Ok(Record::decode(payload).map(|record| (record, 8 + len as u64)))
}

/// The first offset from `from` where a whole record starts. Lengths are
/// checked against the file before anything is read, so scanning through
/// text and vectors costs one 8-byte read per offset, and a false match
/// needs a 32-bit checksum to agree by chance and the payload to decode.
fn next_whole_record(file: &File, from: u64, file_len: u64, payload: &mut Vec<u8>) -> io::Result<Option<u64>> {
    use std::os::unix::fs::FileExt;
    const WINDOW: usize = 1 << 16;
    let mut window = vec![0u8; WINDOW + 8];
    let mut base = from;
    while base + 8 <= file_len {
        let got = (file_len - base).min(window.len() as u64) as usize;
        file.read_exact_at(&mut window[..got], base)?;
        for i in 0..got.saturating_sub(7).min(WINDOW) {
            let len = u32::from_le_bytes(window[i..i + 4].try_into().unwrap()) as u64;
            let start = base + i as u64;
            if len == 0 || len > MAX_RECORD as u64 || start + 8 + len > file_len {
                continue;
            }
            if !plausible_start(file, start, len)? {
                continue;
            }
            let crc = u32::from_le_bytes(window[i + 4..i + 8].try_into().unwrap());
            payload.resize(len as usize, 0);
            file.read_exact_at(payload, start + 8)?;
            if crc32fast::hash(payload) == crc && Record::decode(payload).is_some() {
                return Ok(Some(start));
            }
        }
        base += WINDOW as u64;
    }
    Ok(None)
}

/// Whether the record at `start` with payload length `len` has the shape of
/// one: a known kind, and inner lengths that add up. Read from its first
/// bytes, so a scan through random bytes rarely pays for a whole checksum.
fn plausible_start(file: &File, start: u64, len: u64) -> io::Result<bool> {
    use std::os::unix::fs::FileExt;
    let mut head = [0u8; 5];
    if len < 5 {
        return Ok(false);
    }
    file.read_exact_at(&mut head, start + 8)?;
    let inner = u32::from_le_bytes(head[1..5].try_into().unwrap()) as u64;
    Ok(match head[0] {
        // kind, JSON length, JSON, vector length, vector
        PUT => 9 + inner <= len && (len - 9 - inner).is_multiple_of(4),
        // kind, id length, id
        REMOVE => len == 5 + inner,
        _ => false,
    })
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Appends records in batches that reach the file whole or not at all.
pub struct LogWriter {
    file: File,
    len: u64,
}

impl LogWriter {
    /// Opens `path` for appending after its first `valid_len` bytes, cutting
    /// off a torn tail left by a crash.
    pub fn open(path: &Path, valid_len: u64) -> io::Result<LogWriter> {
        let mut file = OpenOptions::new().create(true).read(true).write(true).truncate(false).open(path)?;
        if file.metadata()?.len() != valid_len {
            file.set_len(valid_len)?;
            file.sync_all()?;
        }
        file.seek(SeekFrom::Start(valid_len))?;
        Ok(LogWriter { file, len: valid_len })
    }

    /// Appends `records` and syncs them; returns the log length after them.
    /// On any failure (a full disk, say) the file is cut back to where it
    /// was, so nothing of a refused batch is written later by a buffer that
    /// outlived it: after a failed publish and a deletion, the worker must
    /// not reappear in the log.
    pub fn append_durably(&mut self, records: &[Record]) -> io::Result<u64> {
        let mut bytes = Vec::new();
        for record in records {
            bytes.extend_from_slice(&record.encode()?);
        }
        let written = self.file.write_all(&bytes).and_then(|()| self.file.sync_data());
        if let Err(e) = written {
            let _ = self.file.set_len(self.len);
            let _ = self.file.seek(SeekFrom::Start(self.len));
            return Err(e);
        }
        self.len += bytes.len() as u64;
        Ok(self.len)
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(id: &str) -> Record {
        let document = Document {
            id: id.into(),
            profile: Profile::default(),
            transcript: "会做饭".into(),
            search_terms: Vec::new(),
        };
        Record::Put { document: Box::new(document), embedding: vec![0.5, -1.0, 2.0] }
    }

    fn ids(path: &Path) -> (Vec<String>, u64) {
        let mut seen = Vec::new();
        let replayed = replay(path, |r, _| {
            seen.push(match r {
                Record::Put { document, .. } => document.id,
                Record::Remove { id } => format!("-{id}"),
            })
        })
        .unwrap();
        (seen, replayed.valid_len)
    }

    #[test]
    fn records_round_trip_and_a_torn_tail_is_cut_at_the_last_whole_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        let mut w = LogWriter::open(&path, 0).unwrap();
        w.append_durably(&[put("a")]).unwrap();
        let after_b = w.append_durably(&[put("b")]).unwrap();
        w.append_durably(&[Record::Remove { id: "a".into() }]).unwrap();
        let full = std::fs::read(&path).unwrap();
        assert_eq!(ids(&path), (vec!["a".into(), "b".into(), "-a".into()], full.len() as u64));

        // Every possible crash point inside the last record reads as "a, b".
        for cut in after_b as usize..full.len() {
            std::fs::write(&path, &full[..cut]).unwrap();
            assert_eq!(ids(&path), (vec!["a".to_string(), "b".to_string()], after_b), "cut at {cut}");
        }
        // A flipped bit in the last record is treated the same way.
        let mut corrupt = full.clone();
        *corrupt.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &corrupt).unwrap();
        assert_eq!(ids(&path).1, after_b);

        // The next writer cuts the tail and appends after "b".
        let mut w = LogWriter::open(&path, after_b).unwrap();
        w.append_durably(&[put("c")]).unwrap();
        assert_eq!(ids(&path).0, vec!["a", "b", "c"]);
    }

    #[test]
    fn a_damaged_record_hides_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        let mut w = LogWriter::open(&path, 0).unwrap();
        let names: Vec<String> = (0..20).map(|i| format!("w{i:02}")).collect();
        let mut ends = vec![0u64];
        for name in &names {
            ends.push(w.append_durably(&[put(name)]).unwrap());
        }
        let full = std::fs::read(&path).unwrap();
        // Flip one byte at many offsets: in a length, a checksum, the JSON,
        // the vector. Every record but the damaged one is still read.
        for offset in (0..full.len()).step_by(7) {
            let mut damaged = full.clone();
            damaged[offset] ^= 0x5a;
            std::fs::write(&path, &damaged).unwrap();
            let hit = ends.windows(2).position(|w| (w[0]..w[1]).contains(&(offset as u64))).unwrap();
            let mut expected = names.clone();
            expected.remove(hit);
            let mut seen = Vec::new();
            let replayed = replay(&path, |r, _| {
                if let Record::Put { document, .. } = r {
                    seen.push(document.id)
                }
            })
            .unwrap();
            assert_eq!(seen, expected, "byte {offset} flipped");
            if hit + 1 < names.len() {
                assert_eq!(replayed.damaged, vec![(ends[hit], ends[hit + 1] - ends[hit])], "byte {offset}");
                assert_eq!(replayed.valid_len, full.len() as u64);
            } else {
                // Damage in the last record reads as a torn tail.
                assert!(replayed.damaged.is_empty());
                assert_eq!(replayed.valid_len, ends[hit]);
            }
        }
    }

    #[test]
    fn a_failed_append_leaves_nothing_to_be_written_later() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        let mut w = LogWriter::open(&path, 0).unwrap();
        let len = w.append_durably(&[put("kept")]).unwrap();
        // A full disk: the batch fails and the writer stays where it was.
        let mut full = LogWriter { file: OpenOptions::new().write(true).open("/dev/full").unwrap(), len };
        assert!(full.append_durably(&[put("refused")]).is_err());
        assert_eq!(full.len(), len);
        // Nothing is buffered: the next batch on the real file follows "kept".
        w.append_durably(&[put("next")]).unwrap();
        assert_eq!(ids(&path).0, vec!["kept", "next"]);
    }
}
