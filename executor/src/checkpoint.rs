//! Append-only checkpoint streams: a task's state changes, and each process run's fork and exit,
//! written before the runner acts on them so that a new runner can rebuild the task's state
//! after the old one was killed.
//!
//! A stream is a file of frames: a little-endian `u32` payload length, the payload's CRC-32,
//! and the payload (one record as JSON). Each frame goes out in one `write`, so a reader sees
//! whole frames only, except the last one after a crash mid-write: a short or mismatching
//! last frame ends the stream, and a writer reopening it cuts it off first. Data is not
//! `fsync`ed record by record: a killed process loses nothing the kernel accepted, and the
//! terminal records are synced.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A frame's payload is at most this long; a longer length is a corrupt stream, not a reason
/// to allocate gigabytes.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

const HEADER_BYTES: usize = 8;

/// Why a checkpoint could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: record {index} is not valid: {source}")]
    Record {
        path: PathBuf,
        index: usize,
        source: serde_json::Error,
    },
}

/// What reading a stream found.
#[derive(Debug)]
pub struct Replay<T> {
    pub records: Vec<T>,
    /// Bytes of whole frames; anything after is a torn write.
    pub valid_len: u64,
    /// Whether a torn or corrupt frame was found after the whole ones.
    pub torn_tail: bool,
}

/// Reads every whole record of the stream at `path`; a missing file is an empty stream.
pub fn read<T: DeserializeOwned>(path: &Path) -> Result<Replay<T>, CheckpointError> {
    let io_error = |source| CheckpointError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    match File::open(path) {
        Ok(mut file) => {
            file.read_to_end(&mut bytes).map_err(io_error)?;
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error(e)),
    }
    let (payloads, valid_len) = frames(&bytes);
    let mut records = Vec::with_capacity(payloads.len());
    for (index, payload) in payloads.into_iter().enumerate() {
        let record = serde_json::from_slice(payload).map_err(|source| CheckpointError::Record {
            path: path.to_path_buf(),
            index,
            source,
        })?;
        records.push(record);
    }
    Ok(Replay {
        records,
        valid_len: valid_len as u64,
        torn_tail: valid_len != bytes.len(),
    })
}

/// The payloads of the whole frames at the start of `bytes`, and how many bytes they take.
pub fn frames(bytes: &[u8]) -> (Vec<&[u8]>, usize) {
    let mut payloads = Vec::new();
    let mut at = 0;
    while bytes.len() - at >= HEADER_BYTES {
        let length = u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize;
        let checksum = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().expect("4 bytes"));
        let start = at + HEADER_BYTES;
        if length > MAX_RECORD_BYTES || bytes.len() - start < length {
            break;
        }
        let payload = &bytes[start..start + length];
        if crc32fast::hash(payload) != checksum {
            break;
        }
        payloads.push(payload);
        at = start + length;
    }
    (payloads, at)
}

/// Encodes one record as a frame.
pub fn frame<T: Serialize>(record: &T) -> Vec<u8> {
    let payload = serde_json::to_vec(record).expect("checkpoint records always serialize");
    let mut frame = Vec::with_capacity(HEADER_BYTES + payload.len());
    frame.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    frame.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    frame.extend_from_slice(&payload);
    frame
}

/// An open stream that records of type `T` are appended to.
#[derive(Debug)]
pub struct Writer<T> {
    file: File,
    path: PathBuf,
    record: PhantomData<fn(&T)>,
}

impl<T: Serialize + DeserializeOwned> Writer<T> {
    /// Opens (or creates) the stream at `path`, cutting off a torn last frame, and returns the
    /// records already in it.
    pub fn open(path: &Path) -> Result<(Writer<T>, Vec<T>), CheckpointError> {
        let io_error = |source| CheckpointError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error)?;
        }
        let replay = read::<T>(path)?;
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .write(true)
            .truncate(false)
            .open(path)
            .map_err(io_error)?;
        if replay.torn_tail {
            file.set_len(replay.valid_len).map_err(io_error)?;
        }
        file.seek(SeekFrom::Start(replay.valid_len))
            .map_err(io_error)?;
        let writer = Writer {
            file,
            path: path.to_path_buf(),
            record: PhantomData,
        };
        Ok((writer, replay.records))
    }

    /// Creates the stream at `path`, failing if it exists: whoever creates a run's stream
    /// owns the run.
    pub fn create_new(path: &Path) -> Result<Writer<T>, CheckpointError> {
        let io_error = |source| CheckpointError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error)?;
        }
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(io_error)?;
        Ok(Writer {
            file,
            path: path.to_path_buf(),
            record: PhantomData,
        })
    }

    /// Appends one record in a single write.
    pub fn append(&mut self, record: &T) -> Result<(), CheckpointError> {
        self.file
            .write_all(&frame(record))
            .map_err(|source| CheckpointError::Io {
                path: self.path.clone(),
                source,
            })
    }

    /// Makes what was appended durable across a machine crash too.
    pub fn sync(&mut self) -> Result<(), CheckpointError> {
        self.file.sync_data().map_err(|source| CheckpointError::Io {
            path: self.path.clone(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_back_in_order_and_a_torn_tail_is_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runner");
        let (mut writer, existing) = Writer::<Vec<u32>>::open(&path).unwrap();
        assert!(existing.is_empty());
        writer.append(&vec![1]).unwrap();
        writer.append(&vec![2, 3]).unwrap();
        drop(writer);

        // A crash in the middle of the third write.
        let torn = frame(&vec![4, 5, 6]);
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(&torn[..torn.len() - 2]).unwrap();
        drop(file);

        let replay = read::<Vec<u32>>(&path).unwrap();
        assert_eq!(replay.records, vec![vec![1], vec![2, 3]]);
        assert!(replay.torn_tail);

        let (mut writer, existing) = Writer::<Vec<u32>>::open(&path).unwrap();
        assert_eq!(existing, vec![vec![1], vec![2, 3]]);
        writer.append(&vec![7]).unwrap();
        let replay = read::<Vec<u32>>(&path).unwrap();
        assert_eq!(replay.records, vec![vec![1], vec![2, 3], vec![7]]);
        assert!(!replay.torn_tail);
    }

    #[test]
    fn a_corrupt_frame_ends_the_stream_and_a_huge_length_allocates_nothing() {
        let mut bytes = frame(&"a");
        let second = bytes.len();
        bytes.extend(frame(&"b"));
        bytes[second + HEADER_BYTES] ^= 0xff;
        assert_eq!(frames(&bytes).0, vec![b"\"a\"".as_slice()]);

        let mut huge = u32::MAX.to_le_bytes().to_vec();
        huge.extend([0; 12]);
        assert_eq!(frames(&huge), (vec![], 0));
    }

    #[test]
    fn a_record_of_the_wrong_shape_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runner");
        std::fs::write(&path, frame(&"text")).unwrap();
        let error = read::<u32>(&path).unwrap_err().to_string();
        assert!(error.contains("runner: record 0 is not valid"), "{error}");
    }
}
