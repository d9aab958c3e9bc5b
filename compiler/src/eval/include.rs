//! `include('other.aurora')`: evaluates another file into the config's namespace, with
//! the path relative to the including file.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::call::Args;
use super::errors::{Fatal, LimitKind, PyException};
use super::interp::Interpreter;
use super::modules::{lexical, read_error};
use super::read_file::read_bounded;
use super::{Access, AccessKind};
use crate::value::{PyResult, Value};

pub(crate) fn include(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("include", 1, 1)?;
    let Some(relative) = args.positional[0].as_str().map(str::to_string) else {
        return Err(PyException::type_error(format!(
            "include() argument must be a string, not {}",
            args.positional[0].type_name()
        )));
    };
    let span = interp.call_span;
    let directory = match interp.source_file(span.file) {
        Some(file) => file
            .path()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        None => interp.root_dir.clone(),
    };
    let path = join_like_python(&directory, &relative);

    if interp.include_stack.len() > interp.options.limits.max_include_depth {
        return Err(PyException::limit(
            LimitKind::IncludeDepth,
            format!(
                "includes are nested more than {} deep",
                interp.options.limits.max_include_depth
            ),
        ));
    }
    let canonical = lexical(&path);
    if let Some(start) = interp
        .include_stack
        .iter()
        .position(|open| lexical(open) == canonical)
    {
        let chain: Vec<String> = interp.include_stack[start..]
            .iter()
            .chain(std::iter::once(&path))
            .map(|path| path.display().to_string())
            .collect();
        return Err(PyException::fatal(
            Fatal::Include(Vec::new()),
            format!("include cycle: {}", chain.join(" -> ")),
        ));
    }
    if interp.options.hermetic && !is_within(&path, &interp.root_dir) {
        return Err(PyException::fatal(
            Fatal::Hermetic,
            format!(
                "including `{}`, outside the config's directory, is not allowed in a hermetic evaluation",
                path.display()
            ),
        ));
    }

    let limits = &interp.options.limits;
    if interp.includes_done >= limits.max_includes {
        return Err(PyException::limit(
            LimitKind::IncludeDepth,
            format!(
                "more than {} includes in one evaluation",
                limits.max_includes
            ),
        ));
    }
    let room = limits
        .max_included_bytes
        .saturating_sub(interp.included_bytes)
        .min(limits.max_file_bytes);
    let content = read_bounded(&path, room);
    interp.access.push(Access {
        kind: AccessKind::Include {
            path: path.clone(),
            found: content.is_ok(),
        },
        span,
    });
    let bytes = content.map_err(|error| read_error(error, &path.display().to_string()))?;
    interp.includes_done += 1;
    interp.included_bytes += bytes.len();
    interp.alloc_str(bytes.len())?;
    let text = String::from_utf8(bytes).map_err(|_| {
        PyException::fatal(
            Fatal::Include(Vec::new()),
            format!("`{}` is not valid UTF-8", path.display()),
        )
    })?;
    let file = interp.sources.add(path.clone(), text);
    let module = interp.parse_file(file).map_err(|diagnostics| {
        PyException::fatal(
            Fatal::Include(diagnostics),
            format!("the included file `{}` has syntax errors", path.display()),
        )
    })?;
    interp.include_stack.push(path);
    let globals = Rc::clone(&interp.globals);
    let result = interp.exec_module(&module, &globals);
    interp.include_stack.pop();
    result.map_err(|mut error| {
        error.traceback.push(super::errors::TraceFrame {
            function: "include".into(),
            call_span: span,
        });
        error
    })?;
    Ok(Value::None)
}

/// `os.path.join(dirname, path)`: textual, so messages show the path as Aurora does.
fn join_like_python(directory: &Path, relative: &str) -> PathBuf {
    if relative.starts_with('/') || directory.as_os_str().is_empty() {
        return PathBuf::from(relative);
    }
    let directory = directory.display().to_string();
    PathBuf::from(format!("{}/{relative}", directory.trim_end_matches('/')))
}

/// Whether `path` is inside the directory tree `root` (lexically; a relative and an
/// absolute path are never compared, and count as outside).
fn is_within(path: &Path, root: &Path) -> bool {
    let (path, root) = (lexical(path), lexical(root));
    if path.is_absolute() != root.is_absolute() && !root.as_os_str().is_empty() {
        return false;
    }
    if root.as_os_str().is_empty() {
        return !path.is_absolute()
            && !matches!(
                path.components().next(),
                Some(std::path::Component::ParentDir)
            );
    }
    path.starts_with(&root)
}
