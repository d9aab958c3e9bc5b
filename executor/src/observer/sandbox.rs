//! Files inside a task's sandbox, for the observer's browser, viewer and downloads: a path is
//! opened one component at a time below the sandbox, never following a symlink and never
//! going up, so nothing outside the sandbox can be read whatever the sandbox holds.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;

use nix::dir::Dir;
use nix::errno::Errno;
use nix::fcntl::{openat, AtFlags, OFlag};
use nix::sys::stat::{fstat, fstatat, Mode, SFlag};
use serde::Serialize;

/// What `/logdata` and `/filedata` read when no length is given is the rest of the file; no
/// read returns more than this.
pub const MAX_CHUNK: u64 = 16 << 20;

/// Why a path was not opened.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Refused {
    #[error("absolute paths are not served: paths are relative to the sandbox")]
    Absolute,
    #[error("`..` is not served: paths stay inside the sandbox")]
    Parent,
    #[error("{0} is a symlink; symlinks are not followed")]
    Symlink(String),
    #[error("{0} does not exist")]
    Missing(String),
    #[error("{0} is neither a file nor a directory")]
    Special(String),
    #[error("{0}: {1}")]
    Unreadable(String, Errno),
}

/// A path opened below a sandbox.
#[derive(Debug)]
pub enum Opened {
    File(File),
    Dir(OwnedFd),
}

/// The components of a sandbox-relative path, refusing what could leave the sandbox.
pub fn components(relative: &str) -> Result<Vec<&str>, Refused> {
    if relative.starts_with('/') {
        return Err(Refused::Absolute);
    }
    let mut parts = Vec::new();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(Refused::Parent),
            part => parts.push(part),
        }
    }
    Ok(parts)
}

/// Opens `relative` (empty: the sandbox itself) below `sandbox`.
pub fn open(sandbox: &Path, relative: &str) -> Result<Opened, Refused> {
    let parts = components(relative)?;
    let unreadable = |so_far: &str, errno| Refused::Unreadable(so_far.to_string(), errno);
    let mut dir: OwnedFd = File::open(sandbox)
        .map_err(|e| {
            unreadable(
                "the sandbox",
                Errno::from_raw(e.raw_os_error().unwrap_or(0)),
            )
        })?
        .into();
    let mut so_far = String::new();
    for (index, part) in parts.iter().enumerate() {
        if !so_far.is_empty() {
            so_far.push('/');
        }
        so_far.push_str(part);
        let last = index + 1 == parts.len();
        // O_NONBLOCK: opening a FIFO must not wait for a writer.
        let mut flags = OFlag::O_RDONLY | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC | OFlag::O_NONBLOCK;
        if !last {
            flags |= OFlag::O_DIRECTORY;
        }
        dir = match openat(dir.as_fd(), *part, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(Errno::ENOENT) => return Err(Refused::Missing(so_far)),
            Err(errno @ (Errno::ELOOP | Errno::ENOTDIR)) => {
                return Err(if is_symlink(&dir, part) {
                    Refused::Symlink(so_far)
                } else {
                    unreadable(&so_far, errno)
                });
            }
            Err(errno) => return Err(unreadable(&so_far, errno)),
        };
    }
    let name = if so_far.is_empty() { "." } else { &so_far };
    let stat = fstat(&dir).map_err(|errno| unreadable(name, errno))?;
    match SFlag::from_bits_truncate(stat.st_mode) & SFlag::S_IFMT {
        SFlag::S_IFDIR => Ok(Opened::Dir(dir)),
        SFlag::S_IFREG => Ok(Opened::File(File::from(dir))),
        _ => Err(Refused::Special(name.to_string())),
    }
}

/// Opens `relative` as a regular file.
pub fn open_file(sandbox: &Path, relative: &str) -> Result<File, Refused> {
    match open(sandbox, relative)? {
        Opened::File(file) => Ok(file),
        Opened::Dir(_) => Err(Refused::Special(relative.to_string())),
    }
}

fn is_symlink(dir: &OwnedFd, name: &str) -> bool {
    fstatat(dir.as_fd(), name, AtFlags::AT_SYMLINK_NOFOLLOW)
        .is_ok_and(|stat| SFlag::from_bits_truncate(stat.st_mode) & SFlag::S_IFMT == SFlag::S_IFLNK)
}

/// One entry of a sandbox directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub name: String,
    pub kind: EntryKind,
    pub size: u64,
    pub modified_secs: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Dir,
    File,
    /// Shown with its target, never followed.
    Symlink(String),
    Other,
}

/// The entries of an opened directory, directories first, then by name.
pub fn list(dir: OwnedFd) -> Result<Vec<Entry>, Errno> {
    let mut dir = Dir::from_fd(dir)?;
    let fd = dir.as_fd().try_clone_to_owned().map_err(|_| Errno::EBADF)?;
    let mut entries = Vec::new();
    for entry in dir.iter() {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "." || name == ".." {
            continue;
        }
        let Ok(stat) = fstatat(fd.as_fd(), entry.file_name(), AtFlags::AT_SYMLINK_NOFOLLOW) else {
            continue;
        };
        let kind = match SFlag::from_bits_truncate(stat.st_mode) & SFlag::S_IFMT {
            SFlag::S_IFDIR => EntryKind::Dir,
            SFlag::S_IFREG => EntryKind::File,
            SFlag::S_IFLNK => EntryKind::Symlink(
                nix::fcntl::readlinkat(fd.as_fd(), entry.file_name())
                    .map(|target| target.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            ),
            _ => EntryKind::Other,
        };
        entries.push(Entry {
            name,
            kind,
            size: stat.st_size as u64,
            modified_secs: stat.st_mtime,
        });
    }
    entries.sort_by(|a, b| {
        (a.kind != EntryKind::Dir, &a.name).cmp(&(b.kind != EntryKind::Dir, &b.name))
    });
    Ok(entries)
}

/// A piece of a file as `/logdata` and `/filedata` answer it: the text is lossy UTF-8 with
/// `&`, `<` and `>` escaped, as Thermos' observer sends it to its log pager.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Chunk {
    pub offset: u64,
    pub length: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

/// Reads `length` bytes at `offset`; `-1` or none for the offset means the end of the file,
/// for the length the rest of it (at most [`MAX_CHUNK`]). `None` when either is not a number
/// or the file cannot be read: the endpoints then answer `{}` as Thermos' do.
pub fn read_chunk(file: &mut File, offset: Option<&str>, length: Option<&str>) -> Option<Chunk> {
    let parse = |text: Option<&str>| -> Option<i64> { text.map_or(Some(-1), |t| t.parse().ok()) };
    let (offset, length) = (parse(offset)?, parse(length)?);
    let size = file.metadata().ok()?.len();
    let offset = match offset {
        -1 => size,
        offset if offset >= 0 => offset as u64,
        _ => return None,
    };
    let length = match length {
        -1 => size.saturating_sub(offset),
        length if length >= 0 => length as u64,
        _ => return None,
    }
    .min(MAX_CHUNK);
    file.seek(SeekFrom::Start(offset)).ok()?;
    let mut bytes = Vec::new();
    file.take(length).read_to_end(&mut bytes).ok()?;
    if bytes.is_empty() {
        return Some(Chunk {
            offset,
            length: 0,
            data: None,
        });
    }
    Some(Chunk {
        offset,
        length: bytes.len() as u64,
        data: Some(escape_markup(&String::from_utf8_lossy(&bytes))),
    })
}

fn escape_markup(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn sandbox() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/file.txt"), "hello <world> & more").unwrap();
        std::fs::write(dir.path().join("top"), "x").unwrap();
        symlink("/etc", dir.path().join("etc")).unwrap();
        symlink("a/b/file.txt", dir.path().join("inner_link")).unwrap();
        symlink("..", dir.path().join("a/up")).unwrap();
        dir
    }

    #[test]
    fn paths_that_could_leave_the_sandbox_are_refused() {
        let dir = sandbox();
        let root = dir.path();
        assert_eq!(open(root, "/etc/passwd").unwrap_err(), Refused::Absolute);
        assert_eq!(open(root, "a/../../x").unwrap_err(), Refused::Parent);
        assert_eq!(open(root, "..").unwrap_err(), Refused::Parent);
        assert_eq!(
            open(root, "etc/passwd").unwrap_err(),
            Refused::Symlink("etc".into())
        );
        assert_eq!(
            open(root, "etc").unwrap_err(),
            Refused::Symlink("etc".into())
        );
        // Even a link that stays inside is not followed: what it points at could change.
        assert_eq!(
            open(root, "inner_link").unwrap_err(),
            Refused::Symlink("inner_link".into())
        );
        assert_eq!(
            open(root, "a/up/top").unwrap_err(),
            Refused::Symlink("a/up".into())
        );
        assert_eq!(
            open(root, "a/nothing").unwrap_err(),
            Refused::Missing("a/nothing".into())
        );
        assert!(matches!(
            open(root, "top/x").unwrap_err(),
            Refused::Unreadable(_, Errno::ENOTDIR)
        ));
    }

    #[test]
    fn files_and_directories_inside_open() {
        let dir = sandbox();
        let root = dir.path();
        assert!(matches!(open(root, "a//b/./file.txt"), Ok(Opened::File(_))));
        assert!(matches!(open(root, ""), Ok(Opened::Dir(_))));
        let Ok(Opened::Dir(a)) = open(root, "a") else {
            panic!("a is a directory")
        };
        let names: Vec<(String, EntryKind)> = list(a)
            .unwrap()
            .into_iter()
            .map(|e| (e.name, e.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("b".to_string(), EntryKind::Dir),
                ("up".to_string(), EntryKind::Symlink("..".into()))
            ]
        );
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = sandbox();
        nix::unistd::mkfifo(&dir.path().join("pipe"), Mode::S_IRWXU).unwrap();
        assert_eq!(
            open(dir.path(), "pipe").unwrap_err(),
            Refused::Special("pipe".into())
        );
    }

    #[test]
    fn chunks_read_as_thermos_reads_them() {
        let dir = sandbox();
        let mut file = open_file(dir.path(), "a/b/file.txt").unwrap();
        // No offset: the end, so a pager knows where to start following.
        assert_eq!(
            read_chunk(&mut file, None, None),
            Some(Chunk {
                offset: 20,
                length: 0,
                data: None
            })
        );
        assert_eq!(
            read_chunk(&mut file, Some("6"), Some("7")),
            Some(Chunk {
                offset: 6,
                length: 7,
                data: Some("&lt;world&gt;".into())
            })
        );
        assert_eq!(
            read_chunk(&mut file, Some("14"), None).unwrap().data,
            Some("&amp; more".into())
        );
        assert_eq!(read_chunk(&mut file, Some("x"), None), None);
        assert_eq!(read_chunk(&mut file, Some("-2"), None), None);
        assert_eq!(
            read_chunk(&mut file, Some("100"), Some("5"))
                .unwrap()
                .length,
            0
        );
    }
}
