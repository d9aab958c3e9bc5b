//! The observer, served by the real binary over tasks the real executor ran: its JSON
//! endpoints, log and file reads, the sandbox's walls, and its pages in headless Chromium.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{data, executor, stderr, stdout, Task};
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(30);

/// A finished task and a running one under one checkpoint root, and an observer over it.
struct Setup {
    finished: Task,
    live: Child,
    observer: Child,
    address: SocketAddr,
}

impl Setup {
    fn start() -> Setup {
        let finished = Task::new("done");
        let output = finished.run(
            &data(
                &[r#"{"name":"report","cmdline":"echo '<b>bold</b> & more'; mkdir -p data; printf 'line one\nline two\n' > data/report.txt; ln -s /etc escape; ln -s data/report.txt inner"}"#],
                "",
            ),
            &[],
            LIMIT,
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}{}",
            stdout(&output),
            stderr(&output)
        );

        let live_data = finished.path("live.json");
        std::fs::write(
            &live_data,
            data(
                &[r#"{"name":"ticker","cmdline":"for i in $(seq 1 3000); do echo tick $i; sleep 0.1; done"}"#],
                "",
            ),
        )
        .unwrap();
        let live = executor()
            .args(["run", "--task-id", "live", "--executor-data"])
            .arg(&live_data)
            .arg("--sandbox")
            .arg(finished.path("live-sandbox"))
            .arg("--checkpoint-root")
            .arg(finished.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting the live task");

        let mut observer = executor()
            .args([
                "observe",
                "--port",
                "0",
                "--ip",
                "127.0.0.1",
                "--checkpoint-root",
            ])
            .arg(finished.root())
            .stdout(Stdio::piped())
            .spawn()
            .expect("starting the observer");
        let mut line = String::new();
        BufReader::new(observer.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .trim()
            .rsplit("http://")
            .next()
            .and_then(|rest| rest.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("the observer said where it listens: {line:?}"));
        let setup = Setup {
            finished,
            live,
            observer,
            address,
        };
        let running = setup.finished.wait_for(LIMIT, |_| {
            setup.json("/j/process/live/ticker")["state"] == "RUNNING"
                && setup
                    .get("/logdata/live/ticker/0/stdout?offset=0")
                    .1
                    .contains("tick 2")
        });
        assert!(running, "the live task runs and logs");
        setup
    }

    /// A GET as sent, unnormalized: (status, headers, body).
    fn request(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(self.address).unwrap();
        stream.set_read_timeout(Some(LIMIT)).unwrap();
        // HTTP/1.0: the answer ends with the connection, never chunked.
        write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        let split = answer
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("an HTTP answer");
        let head = String::from_utf8_lossy(&answer[..split]).into_owned();
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap();
        (status, head, answer[split + 4..].to_vec())
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.request(path);
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    fn json(&self, path: &str) -> Value {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "{path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = self.observer.kill();
        let _ = self.observer.wait();
        let _ = executor()
            .args(["kill", "live", "--checkpoint-root"])
            .arg(self.finished.root())
            .output();
        let _ = self.live.kill();
        let _ = self.live.wait();
    }
}

#[test]
fn json_endpoints_answer_in_thermos_shapes() {
    let setup = Setup::start();
    assert_eq!(
        setup.json("/j/task_id_count"),
        serde_json::json!({"active": 1, "finished": 1, "all": 2})
    );
    let all = setup.json("/j/task_ids");
    assert_eq!(all["type"], "all");
    assert_eq!(all["task_count"], 2);
    let mut ids: Vec<&str> = all["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["task_id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["done", "live"]);

    let finished = setup.json("/j/task_ids/finished/0/5");
    assert_eq!(finished["num"], 5);
    let row = &finished["tasks"][0];
    assert_eq!(row["task_id"], "done");
    assert_eq!(row["state"], "SUCCESS");
    assert_eq!(row["name"], "hello");
    assert_eq!(row["disk"], 0, "a finished task uses nothing");
    // A negative offset counts from the end; past the end is an empty page.
    assert_eq!(setup.json("/j/task_ids/all/-1")["offset"], 1);
    assert_eq!(
        setup.json("/j/task_ids/all/9")["tasks"],
        serde_json::json!([])
    );
    assert_eq!(setup.get("/j/task_ids/bogus").0, 404);

    let tasks = setup.json("/j/task?task_id=done,live,nosuch");
    assert_eq!(tasks.as_object().unwrap().len(), 2);
    assert_eq!(
        tasks["done"]["processes"]["success"],
        serde_json::json!(["report"])
    );
    assert_eq!(tasks["done"]["task"]["processes"][0]["name"], "report");
    assert_eq!(tasks["live"]["state"], "ACTIVE");
    assert_eq!(
        tasks["live"]["processes"]["running"],
        serde_json::json!(["ticker"])
    );
    assert!(
        tasks["live"]["resource_consumption"]["ram"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert_eq!(
        setup.json("/j/task/done"),
        serde_json::json!({"done": tasks["done"]})
    );

    let report = setup.json("/j/process/done/report");
    assert_eq!(report["state"], "SUCCESS");
    assert_eq!(report["process_run"], 0);
    assert!(
        report.get("return_code").is_none(),
        "0 is left out: {report}"
    );
    assert!(report["stop_time"].as_f64().unwrap() >= report["start_time"].as_f64().unwrap());
    assert!(report.get("used").is_none());
    let ticker = setup.json("/j/process/live/ticker/0");
    assert_eq!(ticker["state"], "RUNNING");
    assert!(ticker["used"]["rss"].as_u64().unwrap() > 0);
    assert_eq!(
        setup.json("/j/process/live/ticker/7"),
        serde_json::json!({})
    );
    assert_eq!(setup.json("/j/process/nosuch/x"), serde_json::json!({}));
    let processes = setup.json("/j/processes?task_id=live");
    assert_eq!(processes["live"]["ticker"]["state"], "RUNNING");

    let (status, vars) = setup.get("/vars");
    assert_eq!(status, 200);
    assert!(
        vars.lines().any(|l| l == "observer.tasks.active 1"),
        "{vars}"
    );
    assert_eq!(
        setup.get("/vars/observer.tasks.finished"),
        (200, "1".into())
    );
    assert_eq!(setup.get("/vars/nosuch").0, 404);
    assert_eq!(setup.json("/vars.json")["observer.tasks.all"], 2);
}

#[test]
fn logs_and_files_read_by_offset_and_download() {
    let setup = Setup::start();
    let whole = setup.json("/logdata/done/report/0/stdout?offset=0");
    assert_eq!(
        whole,
        serde_json::json!({"offset": 0, "length": 19, "data": "&lt;b&gt;bold&lt;/b&gt; &amp; more\n"})
    );
    // No offset: where the log ends, for a pager to follow from.
    assert_eq!(
        setup.json("/logdata/done/report/0/stdout"),
        serde_json::json!({"offset": 19, "length": 0})
    );
    assert_eq!(
        setup.json("/logdata/done/report/0/stdout?offset=3&length=4")["data"],
        "bold"
    );
    assert_eq!(
        setup.json("/logdata/done/report/0/stdout?offset=x"),
        serde_json::json!({})
    );
    assert_eq!(
        setup.json("/logdata/done/report/0/other"),
        serde_json::json!({})
    );
    assert_eq!(
        setup.json("/logdata/done/report/4/stdout"),
        serde_json::json!({})
    );

    let (status, page) = setup.get("/logs/done/report/0/stdout");
    assert_eq!(status, 200);
    // Escaped as askama escapes, with numeric references.
    assert!(
        page.contains("&#60;b&#62;bold&#60;/b&#62; &#38; more"),
        "{page}"
    );
    assert!(!page.contains("<b>"));
    assert_eq!(setup.get("/logs/done/report/0/stdin").0, 404);

    assert_eq!(
        setup.json("/filedata/done/data/report.txt?offset=5"),
        serde_json::json!({"offset": 5, "length": 13, "data": "one\nline two\n"})
    );
    let (status, page) = setup.get("/file/done/data/report.txt");
    assert_eq!(status, 200);
    assert!(page.contains("line one\nline two"));

    let (status, head, body) = setup.request("/download/done/data/report.txt");
    assert_eq!(status, 200);
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains("content-type: application/octet-stream"),
        "{head}"
    );
    assert!(
        head.contains("content-disposition: attachment; filename=\"report.txt\""),
        "{head}"
    );
    assert_eq!(body, b"line one\nline two\n");

    let (status, listing) = setup.get("/browse/done");
    assert_eq!(status, 200);
    assert!(listing.contains("href=\"/browse/done/data\""), "{listing}");
    assert!(listing.contains("href=\"/browse/done/.logs\""));
    assert!(listing.contains("→ /etc (symlink, not followed)"));
    let (status, listing) = setup.get("/browse/done/data");
    assert_eq!(status, 200);
    assert!(listing.contains("href=\"/download/done/data/report.txt\""));
    assert_eq!(setup.request("/browse/done/data/report.txt").0, 303);
}

#[test]
fn nothing_outside_a_sandbox_is_served() {
    let setup = Setup::start();
    let outside = [
        "/file/done/escape/passwd",
        "/file/done/escape",
        "/file/done/inner",
        "/file/done//etc/passwd",
        "/file/done/../data.json",
        "/file/done/data/../../data.json",
        "/file/done/%2e%2e/data.json",
        "/file/done/data%2f..%2f..%2fdata.json",
        "/download/done/escape/passwd",
        "/download/done/../data.json",
        "/download/done/%2fetc%2fpasswd",
        "/browse/done/escape",
        "/browse/done/..",
        "/browse/done/%2e%2e",
    ];
    for path in outside {
        let (status, _, body) = setup.request(path);
        let body = String::from_utf8_lossy(&body);
        assert_eq!(status, 403, "{path}: {body}");
        assert!(
            !body.contains("root:") && !body.contains("\"processes\""),
            "{path}: {body}"
        );
    }
    for path in [
        "/filedata/done/escape/passwd",
        "/filedata/done/../data.json",
        "/filedata/done//etc/passwd",
    ] {
        assert_eq!(setup.json(path), serde_json::json!({}), "{path}");
    }
    // Task ids are names under the root, not paths.
    for path in [
        "/task/..",
        "/task/%2e%2e",
        "/browse/%2e%2e",
        "/j/task/..",
        "/task/nosuch",
    ] {
        let (status, body) = setup.get(path);
        assert!(status == 404 || body == "{}", "{path}: {status} {body}");
    }
    assert_eq!(setup.get("/file/done/nothing-here").0, 404);
}

/// Headless Chromium from the registry (Debian's `chromium`), if this machine has it.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .map(PathBuf::from)
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
}

fn headless(chromium: &Path, profile: &Path, args: &[&str]) -> String {
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .expect("running chromium");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn pages_render_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        eprintln!("notice: chromium is not installed; the observer's browser test is skipped");
        return;
    };
    let setup = Setup::start();
    let profile = tempfile::tempdir().unwrap();
    let dom = |path: &str| {
        headless(
            &chromium,
            profile.path(),
            &["--virtual-time-budget=3000", "--dump-dom", &setup.url(path)],
        )
    };

    let index = dom("/");
    assert!(index.contains("<table id=\"tasks\">"), "{index}");
    assert!(index.contains("href=\"/task/done\"") && index.contains("href=\"/task/live\""));
    assert!(index.contains("<span class=\"state SUCCESS\">SUCCESS</span>"));

    let task = dom("/task/live");
    assert!(
        task.contains("<span class=\"state RUNNING\">RUNNING</span>"),
        "{task}"
    );
    assert!(task.contains("href=\"/logs/live/ticker/0/stdout\""));

    // The markup a process prints is shown as text, never run as markup.
    let log = dom("/logs/done/report/0/stdout");
    assert!(log.contains("&lt;b&gt;bold&lt;/b&gt; &amp; more"), "{log}");
    assert!(!log.contains("<b>bold</b>"));

    // A growing log is followed by the page's script, through /logdata.
    let rendered_ticks = setup
        .get("/logs/live/ticker/0/stdout")
        .1
        .matches("tick ")
        .count();
    let followed = dom("/logs/live/ticker/0/stdout");
    let followed_ticks = followed.matches("tick ").count();
    assert!(
        followed_ticks > rendered_ticks,
        "the page followed the log: {followed_ticks} ticks vs {rendered_ticks} when served"
    );

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("observer-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (name, path) in [
        ("tasks", "/"),
        ("task", "/task/live"),
        ("sandbox", "/browse/done"),
    ] {
        let file = shots.join(format!("{name}.png"));
        let _ = std::fs::remove_file(&file);
        headless(
            &chromium,
            profile.path(),
            &[
                "--window-size=1280,800",
                &format!("--screenshot={}", file.display()),
                &setup.url(path),
            ],
        );
        let png = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 10_000,
            "{}",
            file.display()
        );
        eprintln!("screenshot of {path}: {}", file.display());
    }
}
