//! Reading a file a config asks for (`include()`, `open()`), bounded: a FIFO, socket or
//! device is refused without blocking (it is opened non-blocking and looked at before any
//! read), and no more than the limit is ever read, so `/dev/zero` or a huge file cannot
//! exhaust memory.

use std::fs::OpenOptions;
use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// A FIFO, socket, device or directory.
    NotAFile,
    /// Longer than the limit, which is given.
    TooLarge(usize),
}

/// The file's bytes, if it is a regular file of at most `max_bytes` bytes.
pub fn read_bounded(path: &Path, max_bytes: usize) -> Result<Vec<u8>, ReadError> {
    let file = OpenOptions::new()
        .read(true)
        // Opening a FIFO for reading would otherwise wait for a writer.
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if metadata.is_dir() {
        return Err(ReadError::Io(io::Error::from_raw_os_error(libc::EISDIR)));
    }
    if !metadata.is_file() {
        return Err(ReadError::NotAFile);
    }
    let mut bytes = Vec::new();
    file.take(max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() > max_bytes {
        return Err(ReadError::TooLarge(max_bytes));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        std::fs::write(&path, "hello").unwrap();
        assert_eq!(read_bounded(&path, 5).unwrap(), b"hello");
        assert!(matches!(
            read_bounded(&path, 4),
            Err(ReadError::TooLarge(4))
        ));
    }

    #[test]
    fn devices_and_fifos_are_refused_without_reading() {
        assert!(matches!(
            read_bounded(Path::new("/dev/zero"), 1 << 20),
            Err(ReadError::NotAFile)
        ));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        assert!(matches!(read_bounded(&fifo, 10), Err(ReadError::NotAFile)));
    }

    #[test]
    fn a_directory_is_python_s_is_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        let Err(ReadError::Io(error)) = read_bounded(dir.path(), 10) else {
            panic!("a directory is not read");
        };
        assert_eq!(error.raw_os_error(), Some(libc::EISDIR));
    }
}
