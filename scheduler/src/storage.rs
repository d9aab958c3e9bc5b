//! The scheduler's durable state: tasks, jobs, quotas and host attributes, as Aurora's own
//! Thrift types in the binary protocol, in a redb database.
//!
//! Everything is also kept in memory, loaded when the database opens, so queries never touch
//! the disk. A write is a [`Transaction`] built against the current state: its changes are
//! committed to redb (durably: the commit returns once on disk) and only then applied in
//! memory, so what a caller acknowledges after [`Storage::write`] returns survives a
//! `kill -9`, and what it did not is either wholly there or not at all.
//!
//! Tasks share their `TaskConfig`s: a job's instances usually run the same one, so each
//! distinct config is stored (and held in memory) once and tasks refer to it by number.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};

use aurora_api::{
    from_binary, to_binary, HostAttributes, JobConfiguration, JobKey, ResourceAggregate,
    ScheduledTask, TaskConfig,
};
use redb::{Database, Durability, ReadableDatabase, ReadableTable, TableDefinition};

/// Task id → the config's number (8 bytes, little-endian) then the task without its config.
const TASKS: TableDefinition<&str, &[u8]> = TableDefinition::new("tasks");
/// Config number → `TaskConfig`.
const CONFIGS: TableDefinition<u64, &[u8]> = TableDefinition::new("task_configs");
/// `role/environment/name` → `JobConfiguration`.
const JOBS: TableDefinition<&str, &[u8]> = TableDefinition::new("jobs");
/// Role → `ResourceAggregate`.
const QUOTAS: TableDefinition<&str, &[u8]> = TableDefinition::new("quotas");
/// Host name → `HostAttributes`.
const HOSTS: TableDefinition<&str, &[u8]> = TableDefinition::new("host_attributes");
/// Scheduler-wide values: the schema version, the framework id.
const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");

const SCHEMA_VERSION: &[u8] = b"1";

/// Why the storage failed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("storage: {0}")]
    Database(#[from] redb::Error),
    #[error("storage: the {table} record {key} is unreadable: {reason}")]
    Corrupt {
        table: &'static str,
        key: String,
        reason: String,
    },
    #[error("storage: the database's schema is version {found}, this scheduler reads version 1")]
    Schema { found: String },
}

macro_rules! from_redb {
    ($($error:ty),*) => {$(
        impl From<$error> for StorageError {
            fn from(error: $error) -> StorageError {
                StorageError::Database(error.into())
            }
        }
    )*};
}
from_redb!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::SetDurabilityError
);

/// A job key as the tables and indexes spell it.
pub fn job_key_name(key: &JobKey) -> String {
    format!(
        "{}/{}/{}",
        key.role.as_deref().unwrap_or(""),
        key.environment.as_deref().unwrap_or(""),
        key.name.as_deref().unwrap_or("")
    )
}

/// A task as kept: the task without its config, and the config it shares.
#[derive(Clone, Debug)]
pub struct StoredTask {
    /// The task with `assigned_task.task` unset.
    pub task: ScheduledTask,
    pub config: Arc<TaskConfig>,
    config_id: u64,
}

impl StoredTask {
    pub fn id(&self) -> &str {
        task_id(&self.task)
    }

    /// The whole task, its config included.
    pub fn with_config(&self) -> ScheduledTask {
        let mut task = self.task.clone();
        if let Some(assigned) = &mut task.assigned_task {
            assigned.task = Some((*self.config).clone());
        }
        task
    }
}

fn task_id(task: &ScheduledTask) -> &str {
    task.assigned_task
        .as_ref()
        .and_then(|a| a.task_id.as_deref())
        .unwrap_or("")
}

fn config_of(task: &ScheduledTask) -> Option<&TaskConfig> {
    task.assigned_task.as_ref()?.task.as_ref()
}

#[derive(Debug)]
struct SharedConfig {
    config: Arc<TaskConfig>,
    bytes: Arc<[u8]>,
    users: usize,
}

/// The scheduler's state as last committed.
#[derive(Debug, Default)]
pub struct Stored {
    tasks: BTreeMap<String, StoredTask>,
    tasks_by_job: HashMap<String, BTreeSet<String>>,
    configs: HashMap<u64, SharedConfig>,
    config_ids: HashMap<Arc<[u8]>, u64>,
    next_config_id: u64,
    jobs: BTreeMap<String, JobConfiguration>,
    quotas: BTreeMap<String, ResourceAggregate>,
    hosts: BTreeMap<String, HostAttributes>,
    framework_id: Option<String>,
}

impl Stored {
    pub fn task(&self, id: &str) -> Option<&StoredTask> {
        self.tasks.get(id)
    }

    /// Every task, by id.
    pub fn tasks(&self) -> impl Iterator<Item = &StoredTask> {
        self.tasks.values()
    }

    /// The tasks of one job, by id.
    pub fn job_tasks<'a>(&'a self, key: &JobKey) -> impl Iterator<Item = &'a StoredTask> + 'a {
        self.tasks_by_job
            .get(&job_key_name(key))
            .into_iter()
            .flatten()
            .filter_map(|id| self.tasks.get(id))
    }

    pub fn task_count(&self) -> usize {
        self.tasks.len()
    }

    /// How many distinct task configs are kept.
    pub fn config_count(&self) -> usize {
        self.configs.len()
    }

    pub fn job(&self, key: &JobKey) -> Option<&JobConfiguration> {
        self.jobs.get(&job_key_name(key))
    }

    pub fn jobs(&self) -> impl Iterator<Item = &JobConfiguration> {
        self.jobs.values()
    }

    pub fn quota(&self, role: &str) -> Option<&ResourceAggregate> {
        self.quotas.get(role)
    }

    pub fn quotas(&self) -> impl Iterator<Item = (&String, &ResourceAggregate)> {
        self.quotas.iter()
    }

    pub fn host(&self, host: &str) -> Option<&HostAttributes> {
        self.hosts.get(host)
    }

    pub fn hosts(&self) -> impl Iterator<Item = &HostAttributes> {
        self.hosts.values()
    }

    pub fn framework_id(&self) -> Option<&str> {
        self.framework_id.as_deref()
    }

    /// Keeps `task`, in place of any task with its id.
    fn index_task(&mut self, task: StoredTask) {
        self.remove_task(task.id());
        let id = task.id().to_string();
        self.tasks_by_job
            .entry(config_job(&task.config))
            .or_default()
            .insert(id.clone());
        if let Some(shared) = self.configs.get_mut(&task.config_id) {
            shared.users += 1;
        }
        self.tasks.insert(id, task);
    }

    fn remove_task(&mut self, id: &str) {
        let Some(old) = self.tasks.remove(id) else {
            return;
        };
        let job = config_job(&old.config);
        if let Some(ids) = self.tasks_by_job.get_mut(&job) {
            ids.remove(id);
            if ids.is_empty() {
                self.tasks_by_job.remove(&job);
            }
        }
        if let Some(shared) = self.configs.get_mut(&old.config_id) {
            shared.users = shared.users.saturating_sub(1);
        }
    }
}

fn config_job(config: &TaskConfig) -> String {
    config.job.as_ref().map(job_key_name).unwrap_or_default()
}

/// The changes of one write, made against the state as committed before it.
pub struct Transaction<'a> {
    base: &'a Stored,
    tasks: BTreeMap<String, Option<ScheduledTask>>,
    jobs: BTreeMap<String, Option<JobConfiguration>>,
    quotas: BTreeMap<String, Option<ResourceAggregate>>,
    hosts: BTreeMap<String, Option<HostAttributes>>,
    framework_id: Option<String>,
}

impl<'a> Transaction<'a> {
    /// The state before this transaction.
    pub fn before(&self) -> &'a Stored {
        self.base
    }

    /// A task as this transaction leaves it (config included).
    pub fn task(&self, id: &str) -> Option<ScheduledTask> {
        match self.tasks.get(id) {
            Some(pending) => pending.clone(),
            None => self.base.task(id).map(StoredTask::with_config),
        }
    }

    /// Adds or replaces a task; it must carry its config.
    pub fn save_task(&mut self, task: ScheduledTask) {
        self.tasks.insert(task_id(&task).to_string(), Some(task));
    }

    pub fn delete_task(&mut self, id: &str) {
        self.tasks.insert(id.to_string(), None);
    }

    pub fn save_job(&mut self, job: JobConfiguration) {
        let key = job.key.as_ref().map(job_key_name).unwrap_or_default();
        self.jobs.insert(key, Some(job));
    }

    pub fn delete_job(&mut self, key: &JobKey) {
        self.jobs.insert(job_key_name(key), None);
    }

    pub fn save_quota(&mut self, role: &str, quota: ResourceAggregate) {
        self.quotas.insert(role.to_string(), Some(quota));
    }

    pub fn delete_quota(&mut self, role: &str) {
        self.quotas.insert(role.to_string(), None);
    }

    pub fn save_host(&mut self, attributes: HostAttributes) {
        let host = attributes.host.clone().unwrap_or_default();
        self.hosts.insert(host, Some(attributes));
    }

    pub fn set_framework_id(&mut self, id: &str) {
        self.framework_id = Some(id.to_string());
    }

    fn is_empty(&self) -> bool {
        self.tasks.is_empty()
            && self.jobs.is_empty()
            && self.quotas.is_empty()
            && self.hosts.is_empty()
            && self.framework_id.is_none()
    }
}

/// The durable store and its in-memory copy.
pub struct Storage {
    db: Database,
    stored: RwLock<Stored>,
    /// Writes run one at a time, each against the state the previous one left.
    writer: Mutex<()>,
}

impl Storage {
    /// Opens (or creates) the database at `path` and loads it.
    pub fn open(path: &Path) -> Result<Storage, StorageError> {
        let db = Database::create(path)?;
        {
            let txn = db.begin_write()?;
            {
                for table in [TASKS, JOBS, QUOTAS, HOSTS, META] {
                    txn.open_table(table)?;
                }
                txn.open_table(CONFIGS)?;
                let mut meta = txn.open_table(META)?;
                let version = meta.get("schema_version")?.map(|v| v.value().to_vec());
                match version {
                    None => {
                        meta.insert("schema_version", SCHEMA_VERSION)?;
                    }
                    Some(found) if found == SCHEMA_VERSION => {}
                    Some(found) => {
                        return Err(StorageError::Schema {
                            found: String::from_utf8_lossy(&found).into_owned(),
                        })
                    }
                }
            }
            txn.commit()?;
        }
        let stored = load(&db)?;
        Ok(Storage {
            db,
            stored: RwLock::new(stored),
            writer: Mutex::new(()),
        })
    }

    /// Reads the committed state.
    pub fn read(&self) -> RwLockReadGuard<'_, Stored> {
        self.stored
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `change` against the committed state and commits what it did, durably, before
    /// returning. When `change` fails nothing is written.
    pub fn write<R, E: From<StorageError>>(
        &self,
        change: impl FnOnce(&mut Transaction) -> Result<R, E>,
    ) -> Result<R, E> {
        let _one_writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let (result, commit) = {
            let stored = self.read();
            let mut transaction = Transaction {
                base: &stored,
                tasks: BTreeMap::new(),
                jobs: BTreeMap::new(),
                quotas: BTreeMap::new(),
                hosts: BTreeMap::new(),
                framework_id: None,
            };
            let result = change(&mut transaction)?;
            if transaction.is_empty() {
                return Ok(result);
            }
            let commit = self.commit(&transaction)?;
            (result, commit)
        };
        let mut stored = self.stored.write().unwrap_or_else(|p| p.into_inner());
        apply(&mut stored, commit);
        Ok(result)
    }

    /// Writes a transaction's changes to the database; returns them as the memory is to take
    /// them.
    fn commit(&self, transaction: &Transaction) -> Result<Commit, StorageError> {
        let base = transaction.base;
        let mut commit = Commit {
            next_config_id: base.next_config_id,
            ..Commit::default()
        };
        let mut txn = self.db.begin_write()?;
        txn.set_durability(Durability::Immediate)?;
        {
            let mut tasks = txn.open_table(TASKS)?;
            let mut configs = txn.open_table(CONFIGS)?;
            // How many tasks each config gains or loses.
            let mut users: HashMap<u64, isize> = HashMap::new();
            for (id, change) in &transaction.tasks {
                if let Some(old) = base.task(id) {
                    *users.entry(old.config_id).or_default() -= 1;
                }
                let Some(task) = change else {
                    tasks.remove(id.as_str())?;
                    commit.tasks.push((id.clone(), None));
                    continue;
                };
                let config = config_of(task).cloned().unwrap_or_default();
                let bytes: Arc<[u8]> = to_binary(&config).into();
                let config_id = match base
                    .config_ids
                    .get(&bytes)
                    .or_else(|| commit.config_ids.get(&bytes))
                {
                    Some(&id) => id,
                    None => {
                        let id = commit.next_config_id;
                        commit.next_config_id += 1;
                        configs.insert(id, &*bytes)?;
                        commit.config_ids.insert(bytes.clone(), id);
                        commit
                            .new_configs
                            .push((id, Arc::new(config), bytes.clone()));
                        id
                    }
                };
                *users.entry(config_id).or_default() += 1;
                let mut without_config = task.clone();
                if let Some(assigned) = &mut without_config.assigned_task {
                    assigned.task = None;
                }
                let mut record = config_id.to_le_bytes().to_vec();
                record.extend(to_binary(&without_config));
                tasks.insert(id.as_str(), record.as_slice())?;
                commit
                    .tasks
                    .push((id.clone(), Some((without_config, config_id))));
            }
            // A config no task uses any more goes.
            for (config_id, change) in users {
                let before = base.configs.get(&config_id).map_or(0, |c| c.users) as isize;
                if change < 0 && before + change <= 0 {
                    configs.remove(config_id)?;
                    commit.dropped_configs.push(config_id);
                }
            }
        }
        write_table(&txn, JOBS, &transaction.jobs)?;
        write_table(&txn, QUOTAS, &transaction.quotas)?;
        write_table(&txn, HOSTS, &transaction.hosts)?;
        if let Some(id) = &transaction.framework_id {
            txn.open_table(META)?
                .insert("framework_id", id.as_bytes())?;
        }
        txn.commit()?;
        commit.jobs = transaction.jobs.clone();
        commit.quotas = transaction.quotas.clone();
        commit.hosts = transaction.hosts.clone();
        commit.framework_id = transaction.framework_id.clone();
        Ok(commit)
    }
}

fn write_table<T: thrift::protocol::TSerializable>(
    txn: &redb::WriteTransaction,
    table: TableDefinition<&str, &[u8]>,
    changes: &BTreeMap<String, Option<T>>,
) -> Result<(), StorageError> {
    let mut table = txn.open_table(table)?;
    for (key, change) in changes {
        match change {
            Some(value) => {
                table.insert(key.as_str(), to_binary(value).as_slice())?;
            }
            None => {
                table.remove(key.as_str())?;
            }
        }
    }
    Ok(())
}

/// What a committed transaction changes in memory.
#[derive(Default)]
struct Commit {
    tasks: Vec<(String, Option<(ScheduledTask, u64)>)>,
    new_configs: Vec<(u64, Arc<TaskConfig>, Arc<[u8]>)>,
    config_ids: HashMap<Arc<[u8]>, u64>,
    dropped_configs: Vec<u64>,
    next_config_id: u64,
    jobs: BTreeMap<String, Option<JobConfiguration>>,
    quotas: BTreeMap<String, Option<ResourceAggregate>>,
    hosts: BTreeMap<String, Option<HostAttributes>>,
    framework_id: Option<String>,
}

fn apply(stored: &mut Stored, commit: Commit) {
    for (id, config, bytes) in commit.new_configs {
        stored.config_ids.insert(bytes.clone(), id);
        stored.configs.insert(
            id,
            SharedConfig {
                config,
                bytes,
                users: 0,
            },
        );
    }
    stored.next_config_id = commit.next_config_id;
    for (id, change) in commit.tasks {
        match change {
            None => stored.remove_task(&id),
            Some((task, config_id)) => {
                let config = stored.configs[&config_id].config.clone();
                stored.index_task(StoredTask {
                    task,
                    config,
                    config_id,
                });
            }
        }
    }
    for config_id in commit.dropped_configs {
        if let Some(shared) = stored.configs.remove(&config_id) {
            stored.config_ids.remove(&shared.bytes);
        }
    }
    apply_map(&mut stored.jobs, commit.jobs);
    apply_map(&mut stored.quotas, commit.quotas);
    apply_map(&mut stored.hosts, commit.hosts);
    if let Some(id) = commit.framework_id {
        stored.framework_id = Some(id);
    }
}

fn apply_map<T>(map: &mut BTreeMap<String, T>, changes: BTreeMap<String, Option<T>>) {
    for (key, change) in changes {
        match change {
            Some(value) => map.insert(key, value),
            None => map.remove(&key),
        };
    }
}

fn corrupt(table: &'static str, key: impl ToString, reason: impl ToString) -> StorageError {
    StorageError::Corrupt {
        table,
        key: key.to_string(),
        reason: reason.to_string(),
    }
}

/// Reads the whole database into memory.
fn load(db: &Database) -> Result<Stored, StorageError> {
    let txn = db.begin_read()?;
    let mut stored = Stored::default();
    for entry in txn.open_table(CONFIGS)?.iter()? {
        let (id, bytes) = entry?;
        let (id, bytes) = (id.value(), bytes.value());
        let config: TaskConfig = from_binary(bytes).map_err(|e| corrupt("task_configs", id, e))?;
        let bytes: Arc<[u8]> = bytes.into();
        stored.config_ids.insert(bytes.clone(), id);
        stored.configs.insert(
            id,
            SharedConfig {
                config: Arc::new(config),
                bytes,
                users: 0,
            },
        );
        stored.next_config_id = stored.next_config_id.max(id + 1);
    }
    for entry in txn.open_table(TASKS)?.iter()? {
        let (id, record) = entry?;
        let (id, record) = (id.value(), record.value());
        let Some((number, task)) = record.split_first_chunk::<8>() else {
            return Err(corrupt("tasks", id, "shorter than its config number"));
        };
        let config_id = u64::from_le_bytes(*number);
        let task: ScheduledTask = from_binary(task).map_err(|e| corrupt("tasks", id, e))?;
        let config = stored
            .configs
            .get(&config_id)
            .ok_or_else(|| corrupt("tasks", id, format!("no task config {config_id}")))?
            .config
            .clone();
        stored.index_task(StoredTask {
            task,
            config,
            config_id,
        });
    }
    load_table(&txn, JOBS, "jobs", &mut stored.jobs)?;
    load_table(&txn, QUOTAS, "quotas", &mut stored.quotas)?;
    load_table(&txn, HOSTS, "host_attributes", &mut stored.hosts)?;
    stored.framework_id = txn
        .open_table(META)?
        .get("framework_id")?
        .map(|v| String::from_utf8_lossy(v.value()).into_owned());
    Ok(stored)
}

fn load_table<T: thrift::protocol::TSerializable>(
    txn: &redb::ReadTransaction,
    table: TableDefinition<&str, &[u8]>,
    name: &'static str,
    into: &mut BTreeMap<String, T>,
) -> Result<(), StorageError> {
    for entry in txn.open_table(table)?.iter()? {
        let (key, bytes) = entry?;
        let value = from_binary(bytes.value()).map_err(|e| corrupt(name, key.value(), e))?;
        into.insert(key.value().to_string(), value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aurora_api::{AssignedTask, Identity, ScheduleStatus};

    fn key(name: &str) -> JobKey {
        JobKey {
            role: Some("www-data".into()),
            environment: Some("prod".into()),
            name: Some(name.into()),
        }
    }

    fn config(job: &str, priority: i32) -> TaskConfig {
        TaskConfig {
            job: Some(key(job)),
            owner: Some(Identity {
                user: Some("www-data".into()),
            }),
            priority: Some(priority),
            ..TaskConfig::default()
        }
    }

    fn task(id: &str, config: TaskConfig, status: ScheduleStatus) -> ScheduledTask {
        ScheduledTask {
            assigned_task: Some(AssignedTask {
                task_id: Some(id.into()),
                task: Some(config),
                instance_id: Some(0),
                ..AssignedTask::default()
            }),
            status: Some(status),
            ..ScheduledTask::default()
        }
    }

    fn open(dir: &tempfile::TempDir) -> Storage {
        Storage::open(&dir.path().join("scheduler.redb")).unwrap()
    }

    #[test]
    fn what_is_committed_is_there_after_reopening() {
        let dir = tempfile::tempdir().unwrap();
        {
            let storage = open(&dir);
            storage
                .write(|txn| -> Result<(), StorageError> {
                    txn.save_task(task("a-0", config("hello", 128), ScheduleStatus::PENDING));
                    txn.save_task(task("a-1", config("hello", 128), ScheduleStatus::RUNNING));
                    txn.save_task(task("b-0", config("other", 64), ScheduleStatus::PENDING));
                    txn.save_job(JobConfiguration {
                        key: Some(key("hello")),
                        ..JobConfiguration::default()
                    });
                    txn.save_quota("www-data", ResourceAggregate::default());
                    txn.set_framework_id("framework-1");
                    Ok(())
                })
                .unwrap();
        }
        let storage = open(&dir);
        let stored = storage.read();
        assert_eq!(stored.task_count(), 3);
        // The two instances of `hello` share one config.
        assert_eq!(stored.config_count(), 2);
        let a1 = stored.task("a-1").unwrap().with_config();
        assert_eq!(
            a1,
            task("a-1", config("hello", 128), ScheduleStatus::RUNNING)
        );
        let hello: Vec<&str> = stored
            .job_tasks(&key("hello"))
            .map(StoredTask::id)
            .collect();
        assert_eq!(hello, ["a-0", "a-1"]);
        assert!(stored.job(&key("hello")).is_some());
        assert!(stored.quota("www-data").is_some());
        assert_eq!(stored.framework_id(), Some("framework-1"));
    }

    #[test]
    fn a_config_no_task_uses_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let storage = open(&dir);
        storage
            .write(|txn| -> Result<(), StorageError> {
                txn.save_task(task("a-0", config("hello", 128), ScheduleStatus::PENDING));
                txn.save_task(task("a-1", config("hello", 128), ScheduleStatus::PENDING));
                Ok(())
            })
            .unwrap();
        // One instance moves to a new config, then the other goes.
        storage
            .write(|txn| -> Result<(), StorageError> {
                txn.save_task(task("a-0", config("hello", 256), ScheduleStatus::PENDING));
                Ok(())
            })
            .unwrap();
        assert_eq!(storage.read().config_count(), 2);
        storage
            .write(|txn| -> Result<(), StorageError> {
                txn.delete_task("a-1");
                Ok(())
            })
            .unwrap();
        assert_eq!(storage.read().config_count(), 1);
        drop(storage);
        let storage = open(&dir);
        let stored = storage.read();
        assert_eq!(stored.config_count(), 1);
        assert_eq!(stored.task("a-0").unwrap().config.priority, Some(256));
        assert!(stored.task("a-1").is_none());
        assert_eq!(stored.job_tasks(&key("hello")).count(), 1);
    }

    #[test]
    fn a_failed_change_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let storage = open(&dir);
        let failed: Result<(), StorageError> = storage.write(|txn| {
            txn.save_task(task("a-0", config("hello", 128), ScheduleStatus::PENDING));
            Err(corrupt("tasks", "a-0", "refused by the test"))
        });
        assert!(failed.is_err());
        assert_eq!(storage.read().task_count(), 0);
        drop(storage);
        assert_eq!(open(&dir).read().task_count(), 0);
    }

    #[test]
    fn a_transaction_reads_its_own_changes() {
        let dir = tempfile::tempdir().unwrap();
        let storage = open(&dir);
        storage
            .write(|txn| -> Result<(), StorageError> {
                txn.save_task(task("a-0", config("hello", 128), ScheduleStatus::PENDING));
                assert_eq!(
                    txn.task("a-0").unwrap().status,
                    Some(ScheduleStatus::PENDING)
                );
                assert!(txn.before().task("a-0").is_none());
                txn.delete_task("a-0");
                assert!(txn.task("a-0").is_none());
                Ok(())
            })
            .unwrap();
        assert_eq!(storage.read().task_count(), 0);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scheduler.redb");
        drop(Storage::open(&path).unwrap());
        {
            let db = Database::create(&path).unwrap();
            let txn = db.begin_write().unwrap();
            txn.open_table(META)
                .unwrap()
                .insert("schema_version", b"2".as_slice())
                .unwrap();
            txn.commit().unwrap();
        }
        assert!(matches!(
            Storage::open(&path),
            Err(StorageError::Schema { found }) if found == "2"
        ));
    }
}
