//! Which files a command works on: the files named, and the `.aurora` files under the
//! directories named, in a stable order.

use std::collections::HashSet;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// `paths` with every directory replaced by the `.aurora` files below it (hidden
/// entries skipped), sorted so a run reports in the same order everywhere. Symlinks are
/// followed, but each directory and each file is visited once (by device and inode), so a
/// link loop ends and a file reached twice is worked on once. Paths that cannot be
/// examined (`-`, a missing file) are kept as given for the caller to report.
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    let mut files = Vec::new();
    for path in paths {
        let identity = fs::metadata(path).ok().map(|m| (m.dev(), m.ino()));
        if let Some(identity) = identity {
            if !seen.insert(identity) {
                continue;
            }
        }
        if path.is_dir() {
            let mut found = Vec::new();
            collect_aurora_files(path, &mut seen, &mut found);
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    files
}

fn collect_aurora_files(dir: &Path, seen: &mut HashSet<(u64, u64)>, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    // Sorted first, so which of two names for one file is kept does not depend on the
    // directory's order.
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        // Through symlinks; a dangling one is no file to work on.
        let Ok(metadata) = fs::metadata(&path) else {
            continue;
        };
        let is_aurora = path.extension().is_some_and(|ext| ext == "aurora");
        if !(metadata.is_dir() || metadata.is_file() && is_aurora) {
            continue;
        }
        if !seen.insert((metadata.dev(), metadata.ino())) {
            continue;
        }
        if metadata.is_dir() {
            collect_aurora_files(&path, seen, out);
        } else {
            out.push(path);
        }
    }
}

/// `path` as GitHub shows it: relative to the workspace (`GITHUB_WORKSPACE`, else the
/// working directory) when it lies inside it, as given otherwise.
pub fn workspace_relative(path: &str) -> String {
    let workspace = std::env::var_os("GITHUB_WORKSPACE")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok());
    let Some(workspace) = workspace.and_then(|dir| dir.canonicalize().ok()) else {
        return path.to_string();
    };
    let Ok(absolute) = Path::new(path).canonicalize() else {
        return path.to_string();
    };
    match absolute.strip_prefix(&workspace) {
        Ok(relative) => relative.display().to_string(),
        Err(_) => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_expand_to_their_aurora_files_in_order() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path();
        fs::create_dir_all(root.join("b/.hidden")).expect("directories");
        for file in [
            "b/z.aurora",
            "b/a.aurora",
            "b/notes.txt",
            "b/.hidden/x.aurora",
            "c.aurora",
        ] {
            fs::write(root.join(file), "jobs = []\n").expect("a file");
        }
        let named = root.join("named.txt");
        let files = expand(&[root.join("b"), named.clone(), root.join("c.aurora")]);
        assert_eq!(
            files,
            [
                root.join("b/a.aurora"),
                root.join("b/z.aurora"),
                named,
                root.join("c.aurora")
            ]
        );
    }

    #[test]
    fn symlink_loops_end_and_each_file_is_visited_once() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path();
        fs::create_dir_all(root.join("a/b")).expect("directories");
        fs::write(root.join("a/b/x.aurora"), "jobs = []\n").expect("a file");
        std::os::unix::fs::symlink(root.join("a"), root.join("a/b/loop")).expect("a link");
        std::os::unix::fs::symlink(root.join("a/b/x.aurora"), root.join("a/y.aurora"))
            .expect("a link");
        let files = expand(&[root.join("a"), root.join("a/b/x.aurora")]);
        assert_eq!(files.len(), 1, "{files:?}");
    }
}
