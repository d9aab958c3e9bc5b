//! Config errors as users see them: each a minimal `.aurora` snippet run through
//! `aurora config check` (human format, no colours), snapshotted with its exit status.

mod common;

use common::{aurora, files};

/// `aurora config check [extra...] job.aurora` on `snippet`, as a transcript.
fn check(snippet: &str, extra: &[&str]) -> String {
    let dir = files(&[("job.aurora", snippet)]);
    let mut args = vec!["config", "check"];
    args.extend_from_slice(extra);
    args.push("job.aurora");
    aurora(dir.path(), &args).transcript(dir.path())
}

#[test]
fn unknown_struct_field() {
    insta::assert_snapshot!(check(
        r#"resources = Resources(cpus = 1.0, ram = 64*MB, disk = 64*MB)
"#,
        &[]
    ));
}

#[test]
fn wrong_type() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 'lots', ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task)]
"#,
        &[]
    ));
}

#[test]
fn missing_required_field() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task)]
"#,
        &[]
    ));
}

#[test]
fn missing_resources() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello')
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod',
            task = Task(processes = [hello]))]
"#,
        &[]
    ));
}

#[test]
fn ram_zero() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 0, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task)]
"#,
        &[]
    ));
}

#[test]
fn cpu_zero() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task)]
"#,
        &[]
    ));
}

#[test]
fn bad_job_name() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello!world', role = 'r', cluster = 'c', environment = 'prod', task = task)]
"#,
        &[]
    ));
}

#[test]
fn bad_process_name() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'logs/hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task)]
"#,
        &[]
    ));
}

#[test]
fn process_order_cycle() {
    insta::assert_snapshot!(check(
        r#"a = Process(name = 'a', cmdline = 'echo a')
b = Process(name = 'b', cmdline = 'echo b')
task = Task(processes = [a, b], constraints = order(a, b) + order(b, a),
            resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task)]
"#,
        &[]
    ));
}

#[test]
fn nested_mustache() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo {{a{{b}}}}')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task)]
"#,
        &[]
    ));
}

#[test]
fn unbound_variable_in_job() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo {{greeting}}')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task)]
"#,
        &[]
    ));
}

#[test]
fn unbound_mesos_user() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo {{mesos.user}}')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task)]
"#,
        &[]
    ));
}

#[test]
fn bad_cron_collision_policy() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task,
            cron_schedule = '* * * * *', cron_collision_policy = 'KILL_EVERYTHING')]
"#,
        &[]
    ));
}

#[test]
fn limit_constraint_not_an_integer() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task,
            constraints = {'host': 'limit:one'})]
"#,
        &[]
    ));
}

#[test]
fn max_total_failures_not_below_instances() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task,
            instances = 2, update_config = UpdateConfig(max_total_failures = 2))]
"#,
        &[]
    ));
}

#[test]
fn negative_watch_secs() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task,
            update_config = UpdateConfig(watch_secs = -1))]
"#,
        &[]
    ));
}

#[test]
fn static_port_without_dedicated_constraint() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'serve --port {{thermos.ports[http]}}')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Service(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task,
                announce = Announcer(portmap = {'admin': 8080}))]
"#,
        &[]
    ));
}

#[test]
fn portmap_cycle() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'serve --port {{thermos.ports[http]}}')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Service(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task,
                announce = Announcer(portmap = {'a': 'b', 'b': 'a'}))]
"#,
        &[]
    ));
}

#[test]
fn missing_processes() {
    insta::assert_snapshot!(check(
        r#"task = Task(name = 'hello', resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task)]
"#,
        &[]
    ));
}

#[test]
fn volume_mode_not_ro_or_rw() {
    insta::assert_snapshot!(check(
        r#"volume = Volume(container_path = '/data', host_path = '/srv/data', mode = 'RX')
"#,
        &[]
    ));
}

#[test]
fn name_error() {
    insta::assert_snapshot!(check(
        r#"jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = hello_task)]
"#,
        &[]
    ));
}

#[test]
fn syntax_error() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello'
jobs = []
"#,
        &[]
    ));
}

#[test]
fn jobs_not_a_list() {
    insta::assert_snapshot!(check(
        r#"jobs = 1
"#,
        &[]
    ));
}

#[test]
fn two_jobs_with_the_same_key() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
job = Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task)
jobs = [job, job(instances = 2)]
"#,
        &[]
    ));
}

#[test]
fn malformed_bind() {
    insta::assert_snapshot!(check(
        r#"jobs = []
"#,
        &["--bind", "cluster"]
    ));
}

#[test]
fn production_is_deprecated() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task,
            production = True)]
"#,
        &[]
    ));
}

#[test]
fn announcer_primary_port_is_bound_nowhere() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Service(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task,
                announce = Announcer(portmap = {}))]
"#,
        &[]
    ));
}

#[test]
fn unbound_variable_outside_the_task() {
    insta::assert_snapshot!(check(
        r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task,
            contact = '{{owner}}@example.com')]
"#,
        &[]
    ));
}

#[test]
fn every_type_error_of_every_job() {
    // The client stops at the first failure of a job; check reports them all, in the
    // client's order, each headed with the words the client would use for it.
    insta::assert_snapshot!(check(
        r#"named = Process(name = 'named', cmdline = 'echo')
unnamed = Process(cmdline = 'echo')
task = Task(name = 't', processes = [named, unnamed],
            resources = Resources(cpu = 1.0, ram = '{{ram_mb}}', disk = 64*MB))
jobs = [
  Job(name = 'a', role = 'r', cluster = 'c', environment = 'prod', task = task,
      max_task_failures = 'often'),
  Job(name = 'b', role = 'r', cluster = 'c', environment = 'prod',
      task = Task(name = 't', processes = [unnamed, Process(cmdline = 'true')])),
]
"#,
        &[]
    ));
}

#[test]
fn a_file_without_jobs_warns() {
    insta::assert_snapshot!(check(
        r#"base = Process(name = 'base', cmdline = 'echo')
"#,
        &[]
    ));
}

#[test]
fn an_empty_jobs_list_warns() {
    insta::assert_snapshot!(check("jobs = []\n", &[]));
}
