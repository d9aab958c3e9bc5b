//! Rewriting a file's contents without ever leaving it half written or writing anywhere
//! else: `aurora fmt` runs in shared checkouts, where a predictable temporary name would let
//! anyone who can write the directory plant a symlink and have the write land on its target.
//!
//! The new text goes to a fresh temporary file (random name, created exclusively, never
//! through a symlink; `tempfile`) beside the file, with the file's mode and owner, and is
//! renamed over it. A symlink is written through to its target, as ruff does. A file with
//! other hard links is rewritten in place instead, so every link keeps seeing it; the
//! complete new text is on disk in the temporary file first, and is kept (and named) if the
//! in-place write fails.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Why a file was not rewritten.
#[derive(Debug)]
pub enum ReplaceError {
    /// No write permission bit is set: the owner marked it as not to be changed.
    ReadOnly,
    /// Not a regular file (a directory, FIFO, socket or device).
    NotAFile,
    Io(io::Error),
    /// The in-place write of a hard-linked file failed after the new text was saved.
    InPlace {
        error: io::Error,
        saved: PathBuf,
    },
}

impl fmt::Display for ReplaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplaceError::ReadOnly => f.write_str("it is read-only; not rewritten"),
            ReplaceError::NotAFile => f.write_str("not a regular file"),
            ReplaceError::Io(error) => error.fmt(f),
            ReplaceError::InPlace { error, saved } => write!(
                f,
                "{error}; the formatted text is saved in {}",
                saved.display()
            ),
        }
    }
}

impl From<io::Error> for ReplaceError {
    fn from(error: io::Error) -> Self {
        ReplaceError::Io(error)
    }
}

/// Makes `text` the contents of the file at `path` (through symlinks).
pub fn replace_contents(path: &Path, text: &str) -> Result<(), ReplaceError> {
    let target = fs::canonicalize(path)?;
    let metadata = fs::metadata(&target)?;
    if !metadata.is_file() {
        return Err(ReplaceError::NotAFile);
    }
    if metadata.permissions().mode() & 0o222 == 0 {
        return Err(ReplaceError::ReadOnly);
    }
    // Opening for writing (without truncating) is the permission check that counts.
    OpenOptions::new().write(true).open(&target)?;
    let dir = target.parent().unwrap_or(Path::new("/"));
    let prefix = format!(
        ".{}.",
        target
            .file_name()
            .map(|name| name.to_string_lossy())
            .unwrap_or_default()
    );
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".fmt-tmp")
        .tempfile_in(dir)?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    if metadata.nlink() > 1 {
        return rewrite_in_place(&target, text, temp);
    }
    let file = temp.as_file();
    file.set_permissions(metadata.permissions())?;
    // Only root (or the owner keeping their own ids) may set these; others keep theirs.
    let _ = std::os::unix::fs::fchown(file, Some(metadata.uid()), Some(metadata.gid()));
    temp.persist(&target)
        .map_err(|e| ReplaceError::Io(e.error))?;
    Ok(())
}

/// Overwrites a hard-linked file's own inode with `text`, keeping `saved` (already holding
/// the same text) if that fails.
fn rewrite_in_place(target: &Path, text: &str, saved: NamedTempFile) -> Result<(), ReplaceError> {
    let written = (|| {
        let mut file: File = OpenOptions::new().write(true).open(target)?;
        file.write_all(text.as_bytes())?;
        file.set_len(text.len() as u64)?;
        file.sync_all()
    })();
    match written {
        Ok(()) => Ok(()),
        Err(error) => match saved.keep() {
            Ok((_, saved)) => Err(ReplaceError::InPlace { error, saved }),
            Err(kept) => Err(ReplaceError::Io(kept.error)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn leftovers(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("fmt-tmp"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_gets_the_text_with_its_mode_and_no_temporary_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.aurora");
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        replace_contents(&path, "new\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_symlink_is_written_through_and_stays_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.aurora");
        let link = dir.path().join("link.aurora");
        fs::write(&target, "old\n").unwrap();
        symlink(&target, &link).unwrap();
        replace_contents(&link, "new\n").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&target).unwrap(), "new\n");
    }

    #[test]
    fn a_planted_symlink_at_the_old_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.aurora");
        let victim = dir.path().join("victim");
        fs::write(&path, "old\n").unwrap();
        fs::write(&victim, "precious\n").unwrap();
        symlink(&victim, dir.path().join(".a.aurora.fmt.tmp")).unwrap();
        replace_contents(&path, "new\n").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
    }

    #[test]
    fn hard_links_keep_sharing_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.aurora");
        let other = dir.path().join("b.aurora");
        fs::write(&path, "old old old\n").unwrap();
        fs::hard_link(&path, &other).unwrap();
        replace_contents(&path, "new\n").unwrap();
        assert_eq!(fs::read_to_string(&other).unwrap(), "new\n");
        assert_eq!(fs::metadata(&path).unwrap().nlink(), 2);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_read_only_file_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.aurora");
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let error = replace_contents(&path, "new\n").unwrap_err();
        assert!(matches!(error, ReplaceError::ReadOnly), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
    }

    #[test]
    fn two_rewrites_of_one_file_at_once_both_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.aurora");
        fs::write(&path, "old\n").unwrap();
        std::thread::scope(|scope| {
            let writers: Vec<_> = (0..8)
                .map(|_| scope.spawn(|| replace_contents(&path, "new\n")))
                .collect();
            for writer in writers {
                writer.join().unwrap().unwrap();
            }
        });
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        assert!(leftovers(dir.path()).is_empty());
    }
}
