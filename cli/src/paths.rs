//! Which files a command works on: the files named, and the `.aurora` files under the
//! directories named, in a stable order.

use std::fs;
use std::path::{Path, PathBuf};

/// `paths` with every directory replaced by the `.aurora` files below it (hidden
/// entries skipped), sorted so a run reports in the same order everywhere.
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            collect_aurora_files(path, &mut found);
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    files
}

fn collect_aurora_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect_aurora_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "aurora") {
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
}
