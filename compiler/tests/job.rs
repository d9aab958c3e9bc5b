//! Compiling one job as the Aurora client does: the client's own backfills and warnings,
//! and the job key rules. The conformance corpus covers the conversion itself
//! (`tests/tests/compile.rs`); these are the behaviours it does not show.

use aurora_compiler::config::{load, LoadOptions};
use aurora_compiler::eval::Output;
use aurora_compiler::job::{
    compile_job, parse_job_key, CompileOptions, CompiledJob, JobError, Tiers,
};

/// Compiles `west/www-data/prod/hello` from `source`.
fn compile(source: &str) -> Result<CompiledJob, JobError> {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("test.aurora");
    std::fs::write(&path, source).expect("the config is written");
    let options = LoadOptions {
        output: Output::Capture,
        hermetic: true,
        ..LoadOptions::default()
    };
    let loaded = load(&path, &options);
    assert!(loaded.is_ok(), "{:?}", loaded.diagnostics);
    let key = parse_job_key("west/www-data/prod/hello").expect("a valid key");
    let options = CompileOptions {
        user: "alice".into(),
        tiers: Tiers::default(),
    };
    compile_job(&loaded, &key, &options)
}

const HELLO: &str = r#"
hello = Process(name='hello', cmdline='echo hello')
task = Task(processes=[hello], resources=Resources(cpu=1, ram=64*MB, disk=64*MB))
job = Job(cluster='west', role='www-data', environment='prod', name='hello', task=task)
"#;

fn with(extra: &str) -> String {
    format!("{HELLO}{extra}\n")
}

#[test]
fn the_owner_is_the_user_and_the_tier_comes_from_production() {
    let job = compile(&with("jobs = [job]")).expect("compiles");
    let task = job.configuration.task_config.as_ref().expect("a task");
    assert_eq!(task.tier.as_deref(), Some("preemptible"));
    assert_eq!(task.production, Some(false));
    assert_eq!(
        job.configuration
            .owner
            .as_ref()
            .and_then(|o| o.user.as_deref()),
        Some("alice")
    );

    let job = compile(&with("jobs = [job(production=True)]")).expect("compiles");
    let task = job.configuration.task_config.as_ref().expect("a task");
    assert_eq!(task.tier.as_deref(), Some("preferred"));
    // The client also warns that `production` without a tier is deprecated.
    assert!(job.warnings[0]
        .message
        .contains("'production' is deprecated"));
}

#[test]
fn a_named_tier_sets_production() {
    let job = compile(&with("jobs = [job(tier='preferred')]")).expect("compiles");
    let task = job.configuration.task_config.as_ref().expect("a task");
    assert_eq!(task.production, Some(true));
    let job = compile(&with("jobs = [job(tier='revocable', production=True)]")).expect("compiles");
    let task = job.configuration.task_config.as_ref().expect("a task");
    assert_eq!(task.production, Some(false));
}

#[test]
fn duplicate_process_names_compile_with_a_warning() {
    let job = compile(&with(
        "jobs = [job(task=task(processes=[hello, hello(cmdline='echo again')]))]",
    ))
    .expect("Aurora accepts duplicate process names");
    let warning = &job.warnings[0];
    assert!(
        warning.message.contains("both named 'hello'"),
        "{}",
        warning.message
    );
    assert_eq!(warning.path.as_deref(), Some("task.processes[1].name"));
}

#[test]
fn errors_name_the_field_and_keep_the_clients_text() {
    let error = compile(&with(
        "jobs = [job(task=task(processes=[Process(name='p')]))]",
    ))
    .err()
    .expect("cmdline is required");
    assert_eq!(
        error.client_text(),
        "Error loading configuration: TypeCheck(FAILED): MesosJob[task] failed: Task[processes] \
         failed: Element in ProcessList failed check: Process[cmdline] is required."
    );
    assert_eq!(error.path.as_deref(), Some("task.processes[0].cmdline"));
    assert!(error.origin.is_some());
}

#[test]
fn unbound_refs_point_at_the_text_holding_them() {
    let error = compile(&with("jobs = [job(contact='{{team}}@example.com')]"))
        .err()
        .expect("{{team}} is unbound");
    assert!(error
        .message
        .contains("Config contains unbound variables: {{team}}"));
    let (r, span) = &error.unbound[0];
    assert_eq!(r.to_string(), "{{team}}");
    assert!(span.is_some());

    // Inside the task, Thermos' own check finds it first; it points there too.
    let error = compile(&with(
        "jobs = [job(task=task(processes=[Process(name='p', cmdline='run {{flags}}')]))]",
    ))
    .err()
    .expect("{{flags}} is unbound");
    assert!(
        error.message.contains("Unexpected unbound refs: {{flags}}"),
        "{}",
        error.message
    );
    assert!(error.origin.is_some());
}

#[test]
fn job_keys_follow_the_clients_rules() {
    assert!(parse_job_key("west/www-data/prod/hello").is_ok());
    assert!(parse_job_key("any cluster/a.b/c-d/e_f").is_ok());
    for bad in [
        "west/www-data/prod",
        "west/www-data/prod/hello!",
        "a/b/c/d/e",
        "a//c/d",
    ] {
        assert_eq!(
            parse_job_key(bad).unwrap_err(),
            format!("argument jobspec: invalid from_path value: '{bad}'")
        );
    }
}
