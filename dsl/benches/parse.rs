//! Parse throughput on a large generated `.aurora` file (target: at least 50 MB/s).

use std::hint::black_box;

use aurora_dsl::{lexer, parse, FileId};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// One job's worth of config, in the style real files use; `{n}` keeps names distinct.
const JOB_TEMPLATE: &str = r#"
# Service {n}: a web server with a sidecar.
class Profile{n}(Struct):
  package = Default(String, 'app-{n}')
  version = Required(Integer)

install_{n} = Process(
  name = 'install',
  cmdline = 'wget http://repo.example.com/{{{{profile.package}}}}-{{{{profile.version}}}}.tar.gz && tar xzf *.tar.gz',
)

server_{n} = Process(
  name = 'server',
  cmdline = """
    ./bin/server --port={{{{thermos.ports[http]}}}} \
      --admin={{{{thermos.ports[admin]}}}} --shard={{{{mesos.instance}}}}
  """,
  max_failures = 3,
  daemon = True,
)

def make_resources_{n}(cpu, ram_mb=256, disk_gb=1):
  """Resources for one instance."""
  return Resources(cpu = cpu * 1.5, ram = ram_mb * MB, disk = disk_gb * GB)

task_{n} = SequentialTask(
  processes = [install_{n}, server_{n}],
  resources = make_resources_{n}(0.25 + {n} % 4, ram_mb = 128 * (1 + {n} % 3)),
)

jobs.extend([
  Service(
    cluster = cluster,
    role = 'www-data',
    environment = env,
    name = 'web_{n}_%s' % env,
    instances = {n} % 10 + 1,
    task = task_{n}.bind(profile = Profile{n}(version = {n})),
    constraints = {{'rack': 'limit:1', 'host': 'limit:1'}},
    update_config = UpdateConfig(batch_size = 2, watch_secs = 45),
    health_check_config = HealthCheckConfig(initial_interval_secs = 15),
  ) for cluster in ['west', 'east'] for env in ('prod', 'staging') if not (cluster == 'east' and {n} > 1000)
])
"#;

fn large_config(min_bytes: usize) -> String {
    let mut text = String::from("import getpass\njobs = []\n");
    let mut n = 0;
    while text.len() < min_bytes {
        text.push_str(
            &JOB_TEMPLATE
                .replace("{n}", &n.to_string())
                .replace("{{", "{")
                .replace("}}", "}"),
        );
        n += 1;
    }
    text
}

fn parse_throughput(c: &mut Criterion) {
    let text = large_config(1 << 20);
    assert!(
        parse(&text, FileId(0)).is_ok(),
        "the generated config parses"
    );

    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(30);
    group.bench_function("lex 1 MiB config", |b| {
        b.iter(|| lexer::lex(black_box(&text), FileId(0)))
    });
    group.bench_function("parse 1 MiB config", |b| {
        b.iter(|| parse(black_box(&text), FileId(0)))
    });
    group.finish();
}

criterion_group!(benches, parse_throughput);
criterion_main!(benches);
