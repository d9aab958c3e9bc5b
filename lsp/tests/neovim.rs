//! End to end with a real editor: Neovim's built-in LSP client (headless) attached to
//! `aurora-lsp`. Skipped, with a notice, where `nvim` is not installed (CI installs it).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);

/// Runs the Lua script `fixtures/<script>` in a headless Neovim on a config holding `text`;
/// returns the lines the script wrote, or `None` when `nvim` is not installed.
fn run_neovim(script: &str, text: &str) -> Option<Vec<String>> {
    let version = Command::new("nvim").arg("--version").output().ok();
    let Some(version) = version.filter(|output| output.status.success()) else {
        println!("skipped: `nvim` is not installed (CI installs it from Debian in .ci/run)");
        return None;
    };
    let version = String::from_utf8_lossy(&version.stdout);
    println!("{}", version.lines().next().unwrap_or(""));

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("web.aurora");
    std::fs::write(&config, text).unwrap();
    let out = dir.path().join("out.txt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(script);
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("AURORA_LSP_BIN", env!("CARGO_BIN_EXE_aurora-lsp"))
        .env("AURORA_LSP_ROOT", dir.path())
        .env("AURORA_LSP_FILE", &config)
        .env("AURORA_LSP_OUT", &out)
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("nvim starts");
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("nvim can be waited for") {
            break Some(status);
        }
        if Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
        panic!("nvim did not finish within {TIMEOUT:?}");
    }
    let output = std::fs::read_to_string(&out).expect("the script wrote its results");
    Some(output.lines().map(str::to_string).collect())
}

#[test]
fn neovim_shows_diagnostics_and_hovers() {
    let text = "proc = Process(name = 'web', cmdline = 'serve')\nbroken = undefined_name\n";
    let Some(lines) = run_neovim("nvim.lua", text) else {
        return;
    };
    assert_eq!(
        lines,
        vec![
            "diagnostic 1:9 E0100 NameError: name 'undefined_name' is not defined (NameError raised here)",
            "hover class Process(Struct)",
        ]
    );
}

#[test]
fn neovim_settings_bind_templates() {
    let text = r#"p = Process(name = 'web', cmdline = 'serve --release {{release}}')
jobs = [Job(cluster = 'c', role = 'r', environment = 'prod', name = 'j',
            task = Task(processes = [p], resources = Resources(cpu = 1, ram = 64 * MB, disk = 64 * MB)))]
"#;
    let Some(lines) = run_neovim("nvim_bindings.lua", text) else {
        return;
    };
    assert_eq!(
        lines,
        vec!["diagnostics 0", "hover serve --release 1.0"],
        "the `settings` of editors/README.md bind `release`"
    );
}
