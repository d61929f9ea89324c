//! The index's store: an append-only log of checksummed records.
//!
//! Every add, update and removal is one record `[len u32][crc32 u32][payload]`,
//! appended and then flushed to disk with `fdatasync` before the command
//! reports success. A process killed mid-append leaves at most one torn
//! record at the end; reading stops at the first record whose length or
//! checksum does not hold, and the next writer cuts the file back to the last
//! whole record. So a profile is either in the index completely or not at all,
//! and everything else (vectors, keyword postings, columns) is rebuilt from
//! this file.

use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
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
    fn encode(&self) -> Vec<u8> {
        let mut payload = Vec::new();
        match self {
            Record::Put { document, embedding } => {
                payload.push(PUT);
                let json = serde_json::to_vec(document).expect("documents serialise");
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
        out
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

/// Reads every whole record from `path` (none if it does not exist), calling
/// `each` with the record and the byte offset just past it. Returns the length
/// of the valid prefix: anything after it is a torn or corrupt tail.
pub fn replay(path: &Path, mut each: impl FnMut(Record, u64)) -> io::Result<u64> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut valid = 0u64;
    let mut header = [0u8; 8];
    let mut payload = Vec::new();
    loop {
        if read_full(&mut reader, &mut header)? < 8 {
            return Ok(valid);
        }
        let len = u32::from_le_bytes(header[..4].try_into().unwrap()) as usize;
        let crc = u32::from_le_bytes(header[4..].try_into().unwrap());
        if len > MAX_RECORD {
            return Ok(valid);
        }
        payload.resize(len, 0);
        if read_full(&mut reader, &mut payload)? < len || crc32fast::hash(&payload) != crc {
            return Ok(valid);
        }
        let Some(record) = Record::decode(&payload) else { return Ok(valid) };
        valid += 8 + len as u64;
        each(record, valid);
    }
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

/// Appends records; [`LogWriter::commit`] makes them durable.
pub struct LogWriter {
    out: BufWriter<File>,
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
        Ok(LogWriter { out: BufWriter::with_capacity(1 << 20, file), len: valid_len })
    }

    /// Appends one record; returns the log length after it.
    pub fn append(&mut self, record: &Record) -> io::Result<u64> {
        let bytes = record.encode();
        self.out.write_all(&bytes)?;
        self.len += bytes.len() as u64;
        Ok(self.len)
    }

    /// Flushes and syncs everything appended so far.
    pub fn commit(&mut self) -> io::Result<()> {
        self.out.flush()?;
        self.out.get_ref().sync_data()
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
        let valid = replay(path, |r, _| {
            seen.push(match r {
                Record::Put { document, .. } => document.id,
                Record::Remove { id } => format!("-{id}"),
            })
        })
        .unwrap();
        (seen, valid)
    }

    #[test]
    fn records_round_trip_and_a_torn_tail_is_cut_at_the_last_whole_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        let mut w = LogWriter::open(&path, 0).unwrap();
        w.append(&put("a")).unwrap();
        let after_b = w.append(&put("b")).unwrap();
        w.append(&Record::Remove { id: "a".into() }).unwrap();
        w.commit().unwrap();
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
        w.append(&put("c")).unwrap();
        w.commit().unwrap();
        assert_eq!(ids(&path).0, vec!["a", "b", "c"]);
    }
}
