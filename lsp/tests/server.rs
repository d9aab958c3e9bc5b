//! The `aurora-lsp` binary, driven over stdio as an editor would.

mod common;

use common::{position_of, Client};
use serde_json::{json, Value};

/// Each diagnostic as `code @line:start-line:end message`.
fn summary(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .expect("diagnostics is an array")
        .iter()
        .map(|d| {
            let (start, end) = (&d["range"]["start"], &d["range"]["end"]);
            format!(
                "{} @{}:{}-{}:{} {}",
                d["code"].as_str().unwrap_or(""),
                start["line"],
                start["character"],
                end["line"],
                end["character"],
                d["message"]
                    .as_str()
                    .unwrap_or("")
                    .lines()
                    .next()
                    .unwrap_or("")
            )
        })
        .collect()
}

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .expect("completion items")
        .iter()
        .map(|item| item["label"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn syntax_errors_are_published_with_utf16_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start();
    let text = "x = 'é𝄞' + )\n";
    let uri = client.open(&dir.path().join("a.aurora"), text);
    let params = client.diagnostics(&uri, |_| true);
    // `x = 'é𝄞' + ` is 12 UTF-16 units (`𝄞` counts two).
    assert_eq!(
        summary(&params),
        vec!["E0003 @0:12-0:13 unmatched `)` (this `)` closes nothing)".to_string()],
        "{params}"
    );
    assert_eq!(params["version"], 1);
}

#[test]
fn job_errors_point_at_the_field_and_follow_edits() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start();
    let text = r#"
p = Process(name = 'é', cmdline = 'echo {{greeting}}')
jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'j',
            task = Task(processes = [p],
                        resources = Resources(cpu = 1, ram = 64 * MB, disk = 64 * MB)))]
"#;
    let uri = client.open(&dir.path().join("a.aurora"), text);
    let params = client.diagnostics(&uri, |_| true);
    assert_eq!(
        summary(&params),
        vec![
            "E0302 @1:24-1:53 Error loading configuration: The configuration was invalid: Task is invalid: Unexpected \
             unbound refs: {{greeting}}. Make sure you are not nesting template variables. \
             (in job c/r/prod/j, `task`)"
                .to_string()
        ],
        "{params}"
    );
    assert_eq!(params["diagnostics"][0]["severity"], 1);
    // The editor sends only the edit (incremental sync): `{{greeting}}` becomes `hello`.
    let (line, start) = position_of(text, "{{greeting}}", 0);
    let end = start + "{{greeting}}".len() as u32;
    client.edit(&uri, 2, (line, start), (line, end), "hello");
    let params = client.diagnostics(&uri, |p| p["version"] == 2);
    assert_eq!(summary(&params), Vec::<String>::new());
}

#[test]
fn problems_of_included_files_are_shown_on_the_include() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.aurora"), "y = undefined_name\n").unwrap();
    let mut client = Client::start();
    let text = "x = 1\ninclude('base.aurora')\n";
    let uri = client.open(&dir.path().join("a.aurora"), text);
    let params = client.diagnostics(&uri, |_| true);
    let summary = summary(&params);
    assert_eq!(summary.len(), 1, "{params}");
    assert!(summary[0].contains("@1:0-1:22"), "{summary:?}");
    assert!(summary[0].contains("undefined_name"), "{summary:?}");
}

#[test]
fn completion_offers_fields_names_and_templates() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start();
    let text = r#"
web_port = 'http'
p = Process(name = 'x', )
q = Process(cmdline = 'serve --port {{thermos.ports[http]}} {{thermos.ports[')
r = Process(cmdline = '{{thermos.')
s = Process(cmdline = '{{')
"#;
    let uri = client.open(&dir.path().join("a.aurora"), text);

    let (line, character) = position_of(text, "'x', )", 5);
    let items = client.at("completion", &uri, line, character);
    let all = labels(&items);
    assert!(all.contains(&"cmdline".to_string()), "{all:?}");
    assert!(!all.contains(&"name".to_string()), "given already: {all:?}");
    assert!(all.contains(&"web_port".to_string()), "{all:?}");
    let cmdline = items
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["label"] == "cmdline")
        .unwrap();
    assert_eq!(cmdline["detail"], "String (required)");
    assert_eq!(cmdline["insertText"], "cmdline = ");
    assert!(cmdline["documentation"]["value"]
        .as_str()
        .unwrap()
        .starts_with("The command to run"));

    let (line, character) = position_of(text, "{{thermos.ports[')", 16);
    let ports = labels(&client.at("completion", &uri, line, character));
    assert_eq!(ports, vec!["health".to_string(), "http".to_string()]);

    let (line, character) = position_of(text, "{{thermos.')", 10);
    let thermos = labels(&client.at("completion", &uri, line, character));
    assert_eq!(thermos, vec!["ports", "task_id", "user"]);

    let (line, character) = position_of(text, "'{{')", 3);
    let top = labels(&client.at("completion", &uri, line, character));
    for expected in [
        "thermos",
        "mesos",
        "cmdline",
        "processes",
        "role",
        "instances",
    ] {
        assert!(top.contains(&expected.to_string()), "{expected}: {top:?}");
    }
}

#[test]
fn hover_shows_field_docs_schema_docs_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start();
    let text = "size = 2 * MB\np = Process(name = 'x', cmdline = 'y', max_failures = 3)\n";
    let uri = client.open(&dir.path().join("a.aurora"), text);
    client.diagnostics(&uri, |_| true);

    let (line, character) = position_of(text, "max_failures", 2);
    let hover = client.at("hover", &uri, line, character);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("Process.max_failures: Integer = 1"),
        "{value}"
    );
    assert!(value.contains("Failed runs allowed"), "{value}");

    let (line, character) = position_of(text, "Process", 1);
    let hover = client.at("hover", &uri, line, character);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("class Process(Struct)"), "{value}");
    assert!(value.contains("`cmdline`: `String (required)`"), "{value}");

    let hover = client.at("hover", &uri, 0, 1);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("size = 2 * MB"), "{value}");
    assert!(value.contains("2097152"), "{value}");
}

#[test]
fn definition_goes_to_assignments_includes_and_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.aurora"), "base = 1\n").unwrap();
    let mut client = Client::start();
    let text =
        "include('base.aurora')\nsize = 2\np = Process(cmdline = 'x', name = 'y')\nz = size\n";
    let uri = client.open(&dir.path().join("a.aurora"), text);

    let location = client.at("definition", &uri, 3, 5);
    assert_eq!(location["uri"], json!(uri));
    assert_eq!(
        location["range"],
        json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 4}})
    );

    let location = client.at("definition", &uri, 0, 12);
    let target = common::file_uri(&dir.path().join("base.aurora"));
    assert_eq!(location["uri"], json!(target));

    let (line, character) = position_of(text, "Process", 0);
    let location = client.at("definition", &uri, line, character);
    let schema_uri = location["uri"].as_str().unwrap();
    assert!(schema_uri.ends_with("/stdlib/thermos.aurora"), "{location}");
    let path = schema_uri.strip_prefix("file://").unwrap();
    let schema = std::fs::read_to_string(path).unwrap();
    let line = location["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert_eq!(schema.lines().nth(line), Some("class Process(Struct):"));

    let (line, character) = position_of(text, "cmdline", 1);
    let location = client.at("definition", &uri, line, character);
    let line = location["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(schema
        .lines()
        .nth(line)
        .unwrap()
        .contains("cmdline = Required(String)"));
}

#[test]
fn outline_and_job_key_hints() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start();
    let text = r#"
hello = Process(name = 'hello', cmdline = 'echo hi')
task = Task(processes = [hello], resources = Resources(cpu = 1, ram = 64 * MB, disk = 64 * MB))
jobs = [Service(cluster = 'c', role = 'r', environment = 'prod', name = 'web', task = task)]
"#;
    let uri = client.open(&dir.path().join("a.aurora"), text);
    client.diagnostics(&uri, |_| true);

    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["hello", "task", "jobs"]);
    assert_eq!(symbols[2]["children"][0]["name"], "web");
    assert_eq!(symbols[2]["children"][0]["detail"], "Service");

    let hints = client.request(
        "textDocument/inlayHint",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}},
        }),
    );
    assert_eq!(hints[0]["label"], "c/r/prod/web:");
    assert_eq!(hints[0]["position"], json!({"line": 3, "character": 8}));
}

#[test]
fn formatting_replaces_the_buffer_with_the_formatted_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start();
    let uri = client.open(&dir.path().join("a.aurora"), "x=[1,2]\n");
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits[0]["newText"], "x = [1, 2]\n");
    assert_eq!(
        edits[0]["range"],
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}})
    );
}

#[test]
fn malformed_frames_get_errors_and_the_server_goes_on_answering() {
    let mut client = Client::start();
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    // After a header it cannot trust the server skips to the next `Content-Length`
    // line, so a frame without one right after such a header would go unanswered.
    let frames: Vec<Vec<u8>> = vec![
        b"Content-Type: text/plain\r\n\r\n{}\r\n".to_vec(),
        b"Content-Length: -1\r\n\r\n{}\r\n".to_vec(),
        b"Content-Length: 1000000000000\r\n\r\n".to_vec(),
        b"Content-Length: 8\r\n\r\nnot json".to_vec(),
        b"Content-Length: 2\r\n\r\n\xff\xfe".to_vec(),
        b"Content-Length: 2\r\n\r\n[]".to_vec(),
        b"Content-Length: 2\r\n\r\n42".to_vec(),
        format!("Content-Length: {}\r\n\r\n{deep}", deep.len()).into_bytes(),
        {
            let body =
                r#"{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"shutdown"}"#;
            format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
        },
    ];
    let sent = frames.len();
    for frame in frames {
        client.send_raw(&frame);
    }
    for _ in 0..sent {
        let error = client.message("an error for a malformed frame", |message| {
            message.get("id") == Some(&Value::Null) && message.get("error").is_some()
        });
        let code = error["error"]["code"].as_i64().unwrap_or_default();
        assert!(code == -32700 || code == -32600, "{error}");
    }
    // Still answering.
    let answer = client.try_request("shutdown", json!(null));
    assert!(answer.is_ok(), "{answer:?}");
}

#[test]
fn buffers_outside_the_workspace_are_evaluated_hermetically() {
    let workspace = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let folder = common::file_uri(workspace.path());
    let mut client = Client::start_with(json!({
        "workspaceFolders": [{"uri": folder, "name": "workspace"}],
    }));
    let text = "import os\nhome = os.environ.get('HOME')\njobs = []\n";
    let hermetic = |params: &Value| {
        params["diagnostics"]
            .as_array()
            .is_some_and(|all| all.iter().any(|d| d["code"] == "E0103"))
    };
    let inside = client.open(&workspace.path().join("mine.aurora"), text);
    let params = client.diagnostics(&inside, |_| true);
    assert!(!hermetic(&params), "{params}");
    let outside = client.open(&elsewhere.path().join("theirs.aurora"), text);
    let params = client.diagnostics(&outside, |_| true);
    assert!(hermetic(&params), "{params}");
}
