//! The observer's routes: Thermos' observer pages (server-rendered with askama) and its JSON
//! endpoints, over the [`Observer`] model. Every handler runs on the blocking pool: they read
//! checkpoints, `/proc` and sandbox files.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

use askama::Template;
use axum::body::Body;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Deserialize;

use super::model::{Observed, Observer, Which, DEFAULT_PAGE};
use super::sandbox::{self, EntryKind, Opened, Refused};
use crate::records::log_dir;
use crate::runner::{process_state_name, task_state_name};

/// How much of a file a page shows at once.
const PAGE_BYTES: u64 = 64 << 10;

/// What a path segment keeps unescaped in the links the pages write.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

type Shared = State<Arc<Observer>>;
type Params = UrlPath<HashMap<String, String>>;

/// Every route of the observer.
pub fn router(observer: Arc<Observer>) -> Router {
    Router::new()
        .route("/", get(main_page))
        .route("/main", get(main_page))
        .route("/main/{which}", get(main_page))
        .route("/main/{which}/{offset}", get(main_page))
        .route("/main/{which}/{offset}/{num}", get(main_page))
        .route("/task/{task_id}", get(task_page))
        .route("/rawtask/{task_id}", get(raw_task_page))
        .route("/process/{task_id}/{process}", get(process_page))
        .route("/logs/{task_id}/{process}/{run}/{logtype}", get(log_page))
        .route(
            "/logdata/{task_id}/{process}/{run}/{logtype}",
            get(log_data),
        )
        .route("/browse/{task_id}", get(browse_page))
        .route("/browse/{task_id}/", get(browse_page))
        .route("/browse/{task_id}/{*path}", get(browse_page))
        .route("/file/{task_id}/{*path}", get(file_page))
        .route("/filedata/{task_id}/{*path}", get(file_data))
        .route("/download/{task_id}/{*path}", get(download))
        .route("/j/task_ids", get(json_task_ids))
        .route("/j/task_ids/{which}", get(json_task_ids))
        .route("/j/task_ids/{which}/{offset}", get(json_task_ids))
        .route("/j/task_ids/{which}/{offset}/{num}", get(json_task_ids))
        .route("/j/task_id_count", get(json_task_id_count))
        .route("/j/task", get(json_tasks))
        .route("/j/task/{task_id}", get(json_task))
        .route("/j/process/{task_id}", get(json_process))
        .route("/j/process/{task_id}/{process}", get(json_process))
        .route("/j/process/{task_id}/{process}/{run}", get(json_process))
        .route("/j/processes", get(json_processes))
        .route("/vars", get(vars))
        .route("/vars.json", get(vars_json))
        .route("/vars/{var}", get(one_var))
        .route("/health", get(|| async { "OK" }))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "No such page.".into()) })
        .with_state(observer)
}

/// Runs a handler's work off the async threads, counting the request.
async fn blocking(
    observer: Arc<Observer>,
    work: impl FnOnce(&Observer) -> Response + Send + 'static,
) -> Response {
    observer.count_request();
    tokio::task::spawn_blocking(move || work(&observer))
        .await
        .unwrap_or_else(|_| error(StatusCode::INTERNAL_SERVER_ERROR, "The page failed.".into()))
}

fn hostname() -> String {
    nix::unistd::gethostname()
        .ok()
        .and_then(|name| name.into_string().ok())
        .unwrap_or_else(|| "localhost".into())
}

fn render(page: impl Template) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("The page failed: {e}"),
        ),
    }
}

#[derive(Template)]
#[template(path = "observer/error.html")]
struct ErrorPage {
    hostname: String,
    status: String,
    message: String,
}

fn error(status: StatusCode, message: String) -> Response {
    let page = ErrorPage {
        hostname: hostname(),
        status: status.to_string(),
        message,
    };
    let html = page.render().unwrap_or_else(|_| page.message.clone());
    (status, Html(html)).into_response()
}

fn not_found(message: String) -> Response {
    error(StatusCode::NOT_FOUND, message)
}

fn unknown_task(task_id: &str) -> Response {
    not_found(format!("Unknown task_id: {task_id}"))
}

fn encode(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// A sandbox path for a link: each segment escaped, the slashes kept.
fn encode_path(path: &str) -> String {
    path.split('/').map(encode).collect::<Vec<_>>().join("/")
}

/// A time of day in UTC, from milliseconds since the epoch.
fn when(ms: u64) -> String {
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms);
    humantime::format_rfc3339_seconds(time)
        .to_string()
        .replace('T', " ")
        .replace('Z', " UTC")
}

fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

fn parse_number<T: std::str::FromStr>(
    params: &HashMap<String, String>,
    key: &str,
) -> Result<Option<T>, String> {
    match params.get(key) {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| format!("Invalid {key}: {text}")),
    }
}

/// The list's type, offset and count from the path, as `/main` and `/j/task_ids` take them.
fn list_params(params: &HashMap<String, String>) -> Result<(Which, i64, usize), String> {
    let which = params.get("which").map(String::as_str);
    let which =
        Which::parse(which).ok_or_else(|| format!("Invalid task type: {}", which.unwrap_or("")))?;
    let offset = parse_number(params, "offset")?.unwrap_or(0);
    let num = parse_number(params, "num")?
        .filter(|&n| n > 0)
        .unwrap_or(DEFAULT_PAGE);
    Ok((which, offset, num))
}

struct RowView {
    task_id: String,
    task_href: String,
    name: String,
    role: String,
    launched: String,
    state: String,
    cpu: String,
    ram: String,
    disk: String,
    ports: Vec<(String, u16)>,
}

#[derive(Template)]
#[template(path = "observer/index.html")]
struct IndexPage {
    hostname: String,
    root: String,
    which: &'static str,
    /// Each list type, and whether it is the one shown.
    tabs: Vec<(&'static str, bool)>,
    rows: Vec<RowView>,
    first: usize,
    last: usize,
    count: usize,
    newer: Option<String>,
    older: Option<String>,
}

async fn main_page(State(observer): Shared, UrlPath(params): Params) -> Response {
    blocking(observer, move |observer| {
        let (which, offset, num) = match list_params(&params) {
            Ok(params) => params,
            Err(message) => return not_found(message),
        };
        let list = observer.list(which, offset, num);
        let rows: Vec<RowView> = list
            .tasks
            .iter()
            .map(|row| RowView {
                task_id: row.task_id.clone(),
                task_href: encode(&row.task_id),
                name: row.name.clone(),
                role: row.role.clone(),
                launched: when(row.launch_timestamp * 1000),
                state: row.state.clone(),
                cpu: format!("{:.2}", row.resources.cpu),
                ram: bytes(row.resources.ram),
                disk: bytes(row.resources.disk.unwrap_or(0)),
                ports: row.ports.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            })
            .collect();
        let page_link = |offset: usize| format!("/main/{}/{offset}/{num}", which.name());
        render(IndexPage {
            hostname: hostname(),
            root: observer.root().display().to_string(),
            which: which.name(),
            tabs: [Which::All, Which::Active, Which::Finished]
                .into_iter()
                .map(|tab| (tab.name(), tab == which))
                .collect(),
            first: list.offset,
            last: list.offset + rows.len().saturating_sub(1),
            count: list.task_count,
            newer: (list.offset > 0).then(|| page_link(list.offset.saturating_sub(num))),
            older: (list.offset + num < list.task_count).then(|| page_link(list.offset + num)),
            rows,
        })
    })
    .await
}

struct ProcessRow {
    name: String,
    href: String,
    run: String,
    state: String,
    message: String,
    started: String,
    stopped: String,
    return_code: String,
    cpu: String,
    ram: String,
    has_logs: bool,
}

#[derive(Template)]
#[template(path = "observer/task.html")]
struct TaskPage {
    hostname: String,
    task_id: String,
    task_href: String,
    state: String,
    name: String,
    user: String,
    host: String,
    launched: String,
    sandbox: String,
    ports: Vec<(String, u16)>,
    used_cpu: String,
    used_ram: String,
    used_disk: String,
    reserved: String,
    processes: Vec<ProcessRow>,
    statuses: Vec<(&'static str, String)>,
}

fn optional_time(ms: Option<u64>) -> String {
    ms.map(when).unwrap_or_default()
}

async fn task_page(State(observer): Shared, UrlPath(task_id): UrlPath<String>) -> Response {
    blocking(observer, move |observer| {
        let Some(task) = observer.task(&task_id) else {
            return unknown_task(&task_id);
        };
        let detail = observer.detail(&task);
        let tree = crate::procfs::ProcessTree::scan();
        let processes = task
            .process_names()
            .into_iter()
            .map(|name| {
                let latest = task.runs(&name).last();
                let used = latest
                    .filter(|_| task.is_active())
                    .map(|run| observer.run_sample(run, &tree));
                ProcessRow {
                    href: encode(&name),
                    run: latest.map_or(String::new(), |r| r.run.to_string()),
                    state: latest
                        .map_or("WAITING", |r| process_state_name(r.state))
                        .to_string(),
                    message: latest.map_or(String::new(), |r| r.message.clone()),
                    started: optional_time(latest.and_then(|r| r.start_ms)),
                    stopped: optional_time(latest.and_then(|r| r.stop_ms)),
                    return_code: latest
                        .and_then(|r| r.return_code)
                        .map_or(String::new(), |c| c.to_string()),
                    cpu: used
                        .as_ref()
                        .map_or(String::new(), |u| format!("{:.2}", u.cpu)),
                    ram: used.as_ref().map_or(String::new(), |u| bytes(u.ram)),
                    has_logs: latest.is_some(),
                    name,
                }
            })
            .collect();
        let header = task.view.header.as_ref();
        let reserved =
            task.data()
                .and_then(|d| d.task.resources.as_ref())
                .map_or("nothing".into(), |r| {
                    format!(
                        "cpu {}, ram {}, disk {}",
                        r.cpu,
                        bytes(r.ram.max(0) as u64),
                        bytes(r.disk.max(0) as u64)
                    )
                });
        render(TaskPage {
            hostname: hostname(),
            task_href: encode(&task_id),
            state: detail.state.clone(),
            name: detail.name.clone(),
            user: detail.user.clone(),
            host: header.map_or(String::new(), |h| h.hostname.clone()),
            launched: when(detail.launch_timestamp * 1000),
            sandbox: task
                .view
                .sandbox()
                .map_or(String::new(), |s| s.display().to_string()),
            ports: detail.ports.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            used_cpu: format!("{:.2}", detail.resource_consumption.cpu),
            used_ram: bytes(detail.resource_consumption.ram),
            used_disk: bytes(detail.resource_consumption.disk.unwrap_or(0)),
            reserved,
            processes,
            statuses: task
                .view
                .statuses
                .iter()
                .map(|(state, at)| (task_state_name(*state), when(*at)))
                .collect(),
            task_id,
        })
    })
    .await
}

#[derive(Template)]
#[template(path = "observer/rawtask.html")]
struct RawTaskPage {
    hostname: String,
    task_id: String,
    task_href: String,
    json: String,
}

async fn raw_task_page(State(observer): Shared, UrlPath(task_id): UrlPath<String>) -> Response {
    blocking(observer, move |observer| {
        let Some(data) = observer.task(&task_id).and_then(|t| t.data().cloned()) else {
            return not_found(format!("Failed to find task {task_id}."));
        };
        render(RawTaskPage {
            hostname: hostname(),
            task_href: encode(&task_id),
            json: serde_json::to_string_pretty(&data).unwrap_or_default(),
            task_id,
        })
    })
    .await
}

struct RunRow {
    run: u32,
    state: &'static str,
    message: String,
    started: String,
    stopped: String,
    return_code: String,
}

#[derive(Template)]
#[template(path = "observer/process.html")]
struct ProcessPage {
    hostname: String,
    task_id: String,
    task_href: String,
    process: String,
    process_href: String,
    state: &'static str,
    cmdline: String,
    used_cpu: String,
    used_ram: String,
    runs: Vec<RunRow>,
}

async fn process_page(
    State(observer): Shared,
    UrlPath((task_id, process)): UrlPath<(String, String)>,
) -> Response {
    blocking(observer, move |observer| {
        let Some(task) = observer.task(&task_id) else {
            return unknown_task(&task_id);
        };
        let runs = task.runs(&process);
        let Some(latest) = runs.last() else {
            return not_found(format!(
                "Invalid task/process combination: {task_id}/{process}"
            ));
        };
        let used = if task.is_active() {
            observer.run_sample(latest, &crate::procfs::ProcessTree::scan())
        } else {
            Default::default()
        };
        let cmdline = task
            .data()
            .and_then(|d| d.task.processes.iter().find(|p| p.name == process))
            .map_or(String::new(), |p| p.cmdline.clone());
        render(ProcessPage {
            hostname: hostname(),
            task_href: encode(&task_id),
            process_href: encode(&process),
            state: process_state_name(latest.state),
            cmdline,
            used_cpu: format!("{:.2}", used.cpu),
            used_ram: bytes(used.ram),
            runs: runs
                .iter()
                .rev()
                .map(|run| RunRow {
                    run: run.run,
                    state: process_state_name(run.state),
                    message: run.message.clone(),
                    started: optional_time(run.start_ms),
                    stopped: optional_time(run.stop_ms),
                    return_code: run.return_code.map_or(String::new(), |c| c.to_string()),
                })
                .collect(),
            process,
            task_id,
        })
    })
    .await
}

/// The log file of a run, when the task, process, run and log type exist.
fn log_file(
    task: &Observed,
    process: &str,
    run: &str,
    logtype: &str,
) -> Result<(File, String), String> {
    if logtype != "stdout" && logtype != "stderr" {
        return Err(format!("No such log type: {logtype}"));
    }
    let run: u32 = run.parse().map_err(|_| format!("Invalid run: {run}"))?;
    if !task.runs(process).iter().any(|r| r.run == run) || process.contains('/') || process == ".."
    {
        return Err(format!("No run {run} of process {process}"));
    }
    let sandbox = task.view.sandbox().ok_or("The task has no sandbox.")?;
    let relative = log_dir(std::path::Path::new(""), process, run).join(logtype);
    let relative = relative.to_string_lossy().into_owned();
    let file = sandbox::open_file(sandbox, &relative).map_err(|e| e.to_string())?;
    Ok((file, relative))
}

#[derive(Deserialize)]
struct ChunkQuery {
    offset: Option<String>,
    length: Option<String>,
}

#[derive(Template)]
#[template(path = "observer/viewer.html")]
struct ViewerPage {
    hostname: String,
    title: String,
    task_id: String,
    task_href: String,
    start: u64,
    end: u64,
    size: u64,
    text: String,
    earlier: Option<String>,
    later: Option<String>,
    download: String,
    /// Whether the page follows the file as it grows (it shows the end).
    follow: bool,
    data_url: String,
}

/// The window of a file a page shows: from `offset`, or the last [`PAGE_BYTES`] without one.
fn window(
    file: &mut File,
    offset: Option<&str>,
    from_end: bool,
) -> Result<(u64, u64, u64, String), String> {
    let size = file.metadata().map_err(|e| e.to_string())?.len();
    let start = match offset {
        Some(text) => text
            .parse::<u64>()
            .map_err(|_| format!("Invalid offset: {text}"))?
            .min(size),
        None if from_end => size.saturating_sub(PAGE_BYTES),
        None => 0,
    };
    file.seek(SeekFrom::Start(start))
        .map_err(|e| e.to_string())?;
    let mut data = Vec::new();
    file.take(PAGE_BYTES)
        .read_to_end(&mut data)
        .map_err(|e| e.to_string())?;
    let end = start + data.len() as u64;
    Ok((
        start,
        end,
        size,
        String::from_utf8_lossy(&data).into_owned(),
    ))
}

#[allow(clippy::too_many_arguments)]
fn viewer(
    title: String,
    task_id: &str,
    page_url: &str,
    data_url: String,
    download: String,
    mut file: File,
    offset: Option<&str>,
    from_end: bool,
) -> Response {
    let (start, end, size, text) = match window(&mut file, offset, from_end) {
        Ok(window) => window,
        Err(message) => return not_found(message),
    };
    render(ViewerPage {
        hostname: hostname(),
        title,
        task_id: task_id.to_string(),
        task_href: encode(task_id),
        start,
        end,
        size,
        text,
        earlier: (start > 0)
            .then(|| format!("{page_url}?offset={}", start.saturating_sub(PAGE_BYTES))),
        later: (end < size).then(|| format!("{page_url}?offset={end}")),
        download,
        follow: end == size,
        data_url,
    })
}

async fn log_page(
    State(observer): Shared,
    UrlPath((task_id, process, run, logtype)): UrlPath<(String, String, String, String)>,
    Query(query): Query<ChunkQuery>,
) -> Response {
    blocking(observer, move |observer| {
        let Some(task) = observer.task(&task_id) else {
            return unknown_task(&task_id);
        };
        let (file, relative) = match log_file(&task, &process, &run, &logtype) {
            Ok(found) => found,
            Err(message) => return not_found(message),
        };
        let tail = format!(
            "{}/{}/{}/{}",
            encode(&task_id),
            encode(&process),
            encode(&run),
            logtype
        );
        viewer(
            format!("{process} run {run}, {logtype}"),
            &task_id,
            &format!("/logs/{tail}"),
            format!("/logdata/{tail}"),
            format!("/download/{}/{}", encode(&task_id), encode_path(&relative)),
            file,
            query.offset.as_deref(),
            true,
        )
    })
    .await
}

fn chunk_json(file: Option<File>, query: &ChunkQuery) -> Response {
    let chunk = file.and_then(|mut file| {
        sandbox::read_chunk(&mut file, query.offset.as_deref(), query.length.as_deref())
    });
    match chunk {
        Some(chunk) => Json(chunk).into_response(),
        None => Json(serde_json::json!({})).into_response(),
    }
}

async fn log_data(
    State(observer): Shared,
    UrlPath((task_id, process, run, logtype)): UrlPath<(String, String, String, String)>,
    Query(query): Query<ChunkQuery>,
) -> Response {
    blocking(observer, move |observer| {
        let file = observer
            .task(&task_id)
            .and_then(|task| log_file(&task, &process, &run, &logtype).ok())
            .map(|(file, _)| file);
        chunk_json(file, &query)
    })
    .await
}

/// The sandbox of a task, or the page that says why there is none.
fn sandbox_of(observer: &Observer, task_id: &str) -> Result<std::path::PathBuf, Response> {
    let task = observer
        .task(task_id)
        .ok_or_else(|| unknown_task(task_id))?;
    task.view
        .sandbox()
        .map(|s| s.to_path_buf())
        .ok_or_else(|| not_found("Sandbox does not exist.".into()))
}

fn refused(refusal: Refused) -> Response {
    let status = match refusal {
        Refused::Missing(_) => StatusCode::NOT_FOUND,
        _ => StatusCode::FORBIDDEN,
    };
    error(status, refusal.to_string())
}

struct EntryRow {
    name: String,
    note: String,
    href: Option<String>,
    download: Option<String>,
    size: String,
    modified: String,
}

#[derive(Template)]
#[template(path = "observer/browse.html")]
struct BrowsePage {
    hostname: String,
    task_id: String,
    task_href: String,
    sandbox: String,
    path: String,
    crumbs: Vec<(String, String)>,
    entries: Vec<EntryRow>,
}

#[derive(Deserialize)]
struct BrowsePath {
    task_id: String,
    path: Option<String>,
}

async fn browse_page(State(observer): Shared, UrlPath(params): UrlPath<BrowsePath>) -> Response {
    blocking(observer, move |observer| {
        let BrowsePath { task_id, path } = params;
        let path = path.unwrap_or_default();
        let sandbox = match sandbox_of(observer, &task_id) {
            Ok(sandbox) => sandbox,
            Err(page) => return page,
        };
        let dir = match sandbox::open(&sandbox, &path) {
            Ok(Opened::Dir(dir)) => dir,
            Ok(Opened::File(_)) => {
                let href = format!("/file/{}/{}", encode(&task_id), encode_path(&path));
                return (StatusCode::SEE_OTHER, [(header::LOCATION, href)]).into_response();
            }
            Err(refusal) => return refused(refusal),
        };
        let entries = match sandbox::list(dir) {
            Ok(entries) => entries,
            Err(errno) => return error(StatusCode::FORBIDDEN, format!("{path}: {errno}")),
        };
        let task_href = encode(&task_id);
        let parts = sandbox::components(&path).unwrap_or_default();
        let mut crumbs = vec![("sandbox".to_string(), format!("/browse/{task_href}"))];
        for (index, part) in parts.iter().enumerate() {
            crumbs.push((
                part.to_string(),
                format!(
                    "/browse/{task_href}/{}",
                    encode_path(&parts[..=index].join("/"))
                ),
            ));
        }
        let prefix = parts.join("/");
        let rows = entries
            .into_iter()
            .map(|entry| {
                let relative = if prefix.is_empty() {
                    entry.name.clone()
                } else {
                    format!("{prefix}/{}", entry.name)
                };
                let (href, download, note) = match &entry.kind {
                    EntryKind::Dir => (
                        Some(format!("/browse/{task_href}/{}", encode_path(&relative))),
                        None,
                        "/".to_string(),
                    ),
                    EntryKind::File => (
                        Some(format!("/file/{task_href}/{}", encode_path(&relative))),
                        Some(format!("/download/{task_href}/{}", encode_path(&relative))),
                        String::new(),
                    ),
                    EntryKind::Symlink(target) => {
                        (None, None, format!("→ {target} (symlink, not followed)"))
                    }
                    EntryKind::Other => (None, None, "(not a file)".to_string()),
                };
                EntryRow {
                    size: if entry.kind == EntryKind::File {
                        bytes(entry.size)
                    } else {
                        String::new()
                    },
                    modified: when(entry.modified_secs.max(0) as u64 * 1000),
                    name: entry.name,
                    note,
                    href,
                    download,
                }
            })
            .collect();
        render(BrowsePage {
            hostname: hostname(),
            task_href,
            sandbox: sandbox.display().to_string(),
            path,
            crumbs,
            entries: rows,
            task_id,
        })
    })
    .await
}

async fn file_page(
    State(observer): Shared,
    UrlPath((task_id, path)): UrlPath<(String, String)>,
    Query(query): Query<ChunkQuery>,
) -> Response {
    blocking(observer, move |observer| {
        let sandbox = match sandbox_of(observer, &task_id) {
            Ok(sandbox) => sandbox,
            Err(page) => return page,
        };
        let file = match sandbox::open_file(&sandbox, &path) {
            Ok(file) => file,
            Err(refusal) => return refused(refusal),
        };
        let tail = format!("{}/{}", encode(&task_id), encode_path(&path));
        viewer(
            path.clone(),
            &task_id,
            &format!("/file/{tail}"),
            format!("/filedata/{tail}"),
            format!("/download/{tail}"),
            file,
            query.offset.as_deref(),
            false,
        )
    })
    .await
}

async fn file_data(
    State(observer): Shared,
    UrlPath((task_id, path)): UrlPath<(String, String)>,
    Query(query): Query<ChunkQuery>,
) -> Response {
    blocking(observer, move |observer| {
        let file = sandbox_of(observer, &task_id)
            .ok()
            .and_then(|sandbox| sandbox::open_file(&sandbox, &path).ok());
        chunk_json(file, &query)
    })
    .await
}

async fn download(
    State(observer): Shared,
    UrlPath((task_id, path)): UrlPath<(String, String)>,
) -> Response {
    let opened = {
        let observer = observer.clone();
        let path = path.clone();
        tokio::task::spawn_blocking(move || {
            let sandbox = sandbox_of(&observer, &task_id)?;
            sandbox::open_file(&sandbox, &path).map_err(refused)
        })
        .await
    };
    observer.count_request();
    let file = match opened {
        Ok(Ok(file)) => file,
        Ok(Err(page)) => return page,
        Err(_) => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The download failed.".into(),
            )
        }
    };
    let name = path
        .rsplit('/')
        .next()
        .unwrap_or("download")
        .replace(['"', '\\'], "_");
    let length = file.metadata().map(|m| m.len()).ok();
    let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
    let mut response = Response::new(Body::from_stream(stream));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        "application/octet-stream".parse().expect("a valid header"),
    );
    if let Ok(value) = format!("attachment; filename=\"{name}\"").parse() {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Some(length) = length {
        headers.insert(header::CONTENT_LENGTH, length.into());
    }
    response
}

async fn json_task_ids(State(observer): Shared, UrlPath(params): Params) -> Response {
    blocking(observer, move |observer| match list_params(&params) {
        Ok((which, offset, num)) => Json(observer.list(which, offset, num)).into_response(),
        Err(message) => (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({ "error": message })),
        )
            .into_response(),
    })
    .await
}

async fn json_task_id_count(State(observer): Shared) -> Response {
    blocking(observer, |observer| Json(observer.counts()).into_response()).await
}

#[derive(Deserialize)]
struct TaskIdsQuery {
    task_id: Option<String>,
}

fn task_ids_of(query: &TaskIdsQuery) -> Vec<String> {
    query
        .task_id
        .as_deref()
        .map(|ids| {
            ids.split(',')
                .filter(|id| !id.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// `{task_id: detail}` for the tasks that exist.
fn tasks_json(observer: &Observer, task_ids: &[String]) -> Response {
    let tasks: serde_json::Map<String, serde_json::Value> = task_ids
        .iter()
        .filter_map(|id| {
            let task = observer.task(id)?;
            Some((
                id.clone(),
                serde_json::to_value(observer.detail(&task)).ok()?,
            ))
        })
        .collect();
    Json(tasks).into_response()
}

async fn json_tasks(State(observer): Shared, Query(query): Query<TaskIdsQuery>) -> Response {
    blocking(observer, move |observer| {
        tasks_json(observer, &task_ids_of(&query))
    })
    .await
}

async fn json_task(State(observer): Shared, UrlPath(task_id): UrlPath<String>) -> Response {
    blocking(observer, move |observer| tasks_json(observer, &[task_id])).await
}

async fn json_process(State(observer): Shared, UrlPath(params): Params) -> Response {
    blocking(observer, move |observer| {
        let run = params.get("run").map(|r| r.parse::<u32>());
        let found = params
            .get("task_id")
            .and_then(|id| observer.task(id))
            .and_then(|task| {
                let process = params.get("process")?;
                let run = match run {
                    None => None,
                    Some(Ok(run)) => Some(run),
                    Some(Err(_)) => return None,
                };
                observer.process_run(&task, process, run)
            });
        match found {
            Some(run) => Json(run).into_response(),
            None => Json(serde_json::json!({})).into_response(),
        }
    })
    .await
}

async fn json_processes(State(observer): Shared, Query(query): Query<TaskIdsQuery>) -> Response {
    blocking(observer, move |observer| {
        let tasks: serde_json::Map<String, serde_json::Value> = task_ids_of(&query)
            .into_iter()
            .map(|id| {
                let processes: serde_json::Map<String, serde_json::Value> = observer
                    .task(&id)
                    .map(|task| {
                        task.process_names()
                            .into_iter()
                            .filter_map(|name| {
                                let run = observer.process_run(&task, &name, None)?;
                                Some((name, serde_json::to_value(run).ok()?))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                (id, serde_json::Value::Object(processes))
            })
            .collect();
        Json(tasks).into_response()
    })
    .await
}

async fn vars(State(observer): Shared) -> Response {
    blocking(observer, |observer| {
        let text: Vec<String> = observer
            .vars()
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            text.join("\n"),
        )
            .into_response()
    })
    .await
}

async fn vars_json(State(observer): Shared) -> Response {
    blocking(observer, |observer| {
        let vars: serde_json::Map<String, serde_json::Value> = observer
            .vars()
            .into_iter()
            .map(|(k, v)| {
                let value = v
                    .parse::<u64>()
                    .map_or(serde_json::Value::String(v), serde_json::Value::from);
                (k.to_string(), value)
            })
            .collect();
        Json(vars).into_response()
    })
    .await
}

async fn one_var(State(observer): Shared, UrlPath(var): UrlPath<String>) -> Response {
    blocking(observer, move |observer| {
        match observer.vars().get(var.as_str()) {
            Some(value) => (
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                value.clone(),
            )
                .into_response(),
            None => (StatusCode::NOT_FOUND, "Unknown exported variable").into_response(),
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_escape_what_a_path_segment_cannot_hold() {
        assert_eq!(encode("a b#c?d/e"), "a%20b%23c%3Fd%2Fe");
        assert_eq!(encode_path("dir/my file.txt"), "dir/my%20file.txt");
        assert_eq!(encode("www-data_prod.0~x"), "www-data_prod.0~x");
    }

    #[test]
    fn sizes_and_times_read_well() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(64 << 20), "64.0 MiB");
        assert_eq!(when(1_765_000_000_000), "2025-12-06 05:46:40 UTC");
    }

    #[test]
    fn list_parameters_are_checked() {
        let params = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            list_params(&params(&[])).unwrap(),
            (Which::All, 0, DEFAULT_PAGE)
        );
        assert_eq!(
            list_params(&params(&[
                ("which", "active"),
                ("offset", "-5"),
                ("num", "3")
            ]))
            .unwrap(),
            (Which::Active, -5, 3)
        );
        assert_eq!(
            list_params(&params(&[("which", "bogus")])).unwrap_err(),
            "Invalid task type: bogus"
        );
        assert_eq!(
            list_params(&params(&[("which", "all"), ("offset", "x")])).unwrap_err(),
            "Invalid offset: x"
        );
    }
}
