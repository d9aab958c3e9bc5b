//! How much disk a sandbox uses, counted as Aurora's executor counts it: the blocks allocated
//! to its regular files, plus the length of each symlink's target; directories and other
//! files count nothing, and links are never followed.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// A sandbox deeper than this is not walked further: the limit is on what the task can use,
/// not a reason to recurse without end.
const MAX_DEPTH: usize = 256;

/// Bytes used under `sandbox`.
pub fn sandbox_usage(sandbox: &Path) -> u64 {
    let mut total = 0u64;
    let mut pending = vec![(sandbox.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(metadata) = entry.path().symlink_metadata() else {
                continue;
            };
            let kind = metadata.file_type();
            if kind.is_dir() {
                if depth < MAX_DEPTH {
                    pending.push((entry.path(), depth + 1));
                }
            } else if kind.is_symlink() {
                total += std::fs::read_link(entry.path()).map_or(0, |t| t.as_os_str().len() as u64);
            } else if kind.is_file() {
                total += 512 * metadata.blocks();
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocated_blocks_and_link_texts_count_and_links_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/data"), vec![1u8; 100_000]).unwrap();
        std::os::unix::fs::symlink("/usr", dir.path().join("usr")).unwrap();
        let used = sandbox_usage(dir.path());
        assert!((100_000..200_000).contains(&used), "{used}");
        // The link counts the length of its text, "/usr".
        assert_eq!(used % 512, 4);
    }
}
