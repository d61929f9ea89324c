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

/// Writes `path` atomically with the bytes `write` produces (mode 0644).
pub fn write_atomically<T>(path: &Path, write: impl FnOnce(&mut BufWriter<File>) -> io::Result<T>) -> io::Result<T> {
    write_atomically_with_mode(path, 0o644, write)
}

/// [`write_atomically`] for a file only this user may read (0600): a
/// worker's recordings and photos, a password.
pub fn write_atomically_private<T>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<T>,
) -> io::Result<T> {
    write_atomically_with_mode(path, 0o600, write)
}

/// Creates `dir` (and its parents) and makes it this user's alone (0700),
/// also when it already existed with wider permissions.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Creates `path` empty if missing, and makes it this user's alone (0600).
pub fn create_private_file(path: &Path) -> io::Result<()> {
    let file = fs::OpenOptions::new().create(true).append(true).open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

fn write_atomically_with_mode<T>(
    path: &Path,
    mode: u32,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<T>,
) -> io::Result<T> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let temp = tempfile::Builder::new().prefix(PARTIAL_PREFIX).tempfile_in(dir)?;
    let mut writer = BufWriter::with_capacity(1 << 20, temp.reopen()?);
    let value = write(&mut writer)?;
    let file = writer.into_inner().map_err(|e| e.into_error())?;
    // Temporaries are private (0600); a finished file gets `mode`.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(mode))?;
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
