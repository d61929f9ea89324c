//! Crash-safe file writes: data goes to a hidden temporary file in the target
//! folder, is flushed to disk, and only then renamed over the final name.
//!
//! A reader therefore sees either no file or a complete one, even when the
//! process is killed half-way; a leftover temporary is harmless and is swept by
//! [`remove_stale_partials`].

use std::fs::{self, File};
use std::io::{self, BufWriter};
use std::path::Path;

const PARTIAL_PREFIX: &str = ".ayi-partial-";

/// Writes `path` atomically with the bytes `write` produces.
pub fn write_atomically<T>(path: &Path, write: impl FnOnce(&mut BufWriter<File>) -> io::Result<T>) -> io::Result<T> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let temp = tempfile::Builder::new().prefix(PARTIAL_PREFIX).tempfile_in(dir)?;
    let mut writer = BufWriter::with_capacity(1 << 20, temp.reopen()?);
    let value = write(&mut writer)?;
    let file = writer.into_inner().map_err(|e| e.into_error())?;
    // Temporaries are private (0600); a finished file gets ordinary permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o644))?;
    }
    file.sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(value)
}

/// Deletes temporaries left by a process that was killed mid-write.
pub fn remove_stale_partials(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(PARTIAL_PREFIX) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn failed_write_leaves_no_file_and_no_partial() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("model.bin");
        let result = write_atomically(&target, |w| {
            w.write_all(b"half")?;
            Err::<(), _>(io::Error::other("killed"))
        });
        assert!(result.is_err());
        assert!(!target.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn finished_write_is_complete_and_stale_partials_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.bin");
        write_atomically(&target, |w| w.write_all(b"complete")).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"complete");
        fs::write(dir.path().join(".ayi-partial-x1"), b"junk").unwrap();
        remove_stale_partials(dir.path());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.bin")]);
    }
}
