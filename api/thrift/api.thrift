// Aurora's scheduler API, as spoken by Apache Aurora's client and scheduler (the last
// release before the Attic). Names, field ids, types, requiredness, defaults and constants
// follow that release exactly, so both ends interoperate on the wire; the declaration
// order follows it too, which keeps field order on the wire identical.
//
// Regenerate the Rust types with `api/thrift/regenerate.sh` (see README.md).

namespace java org.apache.aurora.gen
namespace py gen.apache.aurora.api

// Outcome of an API call; only OK responses carry a result.
enum ResponseCode {
  INVALID_REQUEST = 0,
  OK = 1,
  ERROR = 2,
  WARNING = 3,
  AUTH_FAILED = 4,
  // A job update in progress blocked the call.
  JOB_UPDATING_ERROR = 5,
  // The scheduler is briefly unavailable: try again later.
  ERROR_TRANSIENT = 6
}

// The executor name under which executorConfig.data holds a Thermos task as JSON.
const string AURORA_EXECUTOR_NAME = 'AuroraExecutor'

// Deprecated owner record; only `user` is still used.
struct Identity {
  2: string user
}

// A named host attribute with its values.
struct Attribute {
  1: string name
  2: set<string> values
}

enum MaintenanceMode {
  NONE = 1,
  SCHEDULED = 2,
  DRAINING = 3,
  DRAINED = 4
}

struct HostAttributes {
  1: string host
  2: set<Attribute> attributes
  3: optional MaintenanceMode mode
  4: optional string slaveId
}

// A host matches when it has one of `values` (or none of them, when negated).
struct ValueConstraint {
  1: bool negated
  2: set<string> values
}

// At most `limit` active tasks of the job per distinct attribute value.
struct LimitConstraint {
  1: i32 limit
}

union TaskConstraint {
  1: ValueConstraint value
  2: LimitConstraint limit
}

// A placement constraint on the host attribute `name`.
struct Constraint {
  1: string name
  2: TaskConstraint constraint
}

struct Package {
  1: string role
  2: string name
  3: i32 version
}

// Free-form key/value metadata attached to a task config.
struct Metadata {
  1: string key
  2: string value
}

// role/environment/name: identifies a job in a cluster.
struct JobKey {
  1: string role
  2: string environment
  3: string name
}

// Deprecated (locks are gone from the scheduler); kept for wire compatibility.
union LockKey {
  1: JobKey job
}

// Deprecated, see LockKey.
struct Lock {
  1: LockKey key
  2: string token
  3: string user
  4: i64 timestampMs
  5: optional string message
}

// One instance of a job.
struct InstanceKey {
  1: JobKey jobKey
  2: i32 instanceId
}

// A file the Mesos fetcher downloads into the sandbox (mirrors Mesos' CommandInfo.URI).
struct MesosFetcherURI {
  1: string value
  2: optional bool extract
  3: optional bool cache
  4: optional string outputFile
}

// The executor to launch and its opaque configuration.
struct ExecutorConfig {
  1: string name
  2: string data
}

// Access mode of a mounted volume.
enum Mode {
  RW = 1
  RO = 2
}

struct Volume {
  1: string containerPath
  2: string hostPath
  3: Mode mode
}

// A Docker-format image for the Mesos containerizer.
struct DockerImage {
  1: string name
  2: string tag
}

// An AppC-format image for the Mesos containerizer.
struct AppcImage {
  1: string name
  2: string imageId
}

union Image {
  1: DockerImage docker
  2: AppcImage appc
}

// The Mesos containerizer (the default container).
struct MesosContainer {
  1: optional Image image
  2: optional list<Volume> volumes
}

// One `--name=value` argument for the docker command line.
struct DockerParameter {
  1: string name
  2: string value
}

struct DockerContainer {
  1: string image
  2: optional list<DockerParameter> parameters
}

union Container {
  1: MesosContainer mesos
  2: DockerContainer docker
}

// One resource a task asks for.
union Resource {
  1: double numCpus
  2: i64 ramMb
  3: i64 diskMb
  4: string namedPort
  5: i64 numGpus
}

// What to do with a task whose agent is partitioned away.
struct PartitionPolicy {
  1: bool reschedule
  2: optional i64 delaySecs
}

// Keep `percentage` of the instances running for `durationSecs`.
struct PercentageSlaPolicy {
  1: double percentage
  2: i64 durationSecs
}

// Keep `count` instances running for `durationSecs`.
struct CountSlaPolicy {
  1: i64 count
  2: i64 durationSecs
}

// Ask an external service whether an instance may be taken down.
struct CoordinatorSlaPolicy {
  1: string coordinatorUrl
  2: string statusKey
}

union SlaPolicy {
  1: PercentageSlaPolicy percentageSlaPolicy
  2: CountSlaPolicy countSlaPolicy
  3: CoordinatorSlaPolicy coordinatorSlaPolicy
}

// Everything needed to run one instance of a job.
struct TaskConfig {
  28: JobKey job
  // Deprecated: the role is in `job`.
  17: Identity owner
  7: bool isService
  11: i32 priority
  13: i32 maxTaskFailures
  // Deprecated in favour of `tier`.
  18: optional bool production
  30: optional string tier
  32: set<Resource> resources
  20: set<Constraint> constraints
  33: optional set<MesosFetcherURI> mesosFetcherUris
  // Link text to URL template, shown on the scheduler's pages.
  22: optional map<string, string> taskLinks
  23: optional string contactEmail
  25: optional ExecutorConfig executorConfig
  27: optional set<Metadata> metadata
  34: optional PartitionPolicy partitionPolicy
  35: optional SlaPolicy slaPolicy
  // Last on purpose, as in Aurora (a code generator there needs it). The Rust generator
  // drops this union default; the Aurora client always sets `container` itself.
  29: Container container = { "mesos": {} }
}

struct ResourceAggregate {
  4: set<Resource> resources
}

// What a cron run does when the previous run is still active.
enum CronCollisionPolicy {
  KILL_EXISTING = 0,
  CANCEL_NEW = 1,
  // Deprecated: behaves like CANCEL_NEW, and new jobs may not use it.
  RUN_OVERLAP = 2
}

// A job as the client submits it: one task config, `instanceCount` instances.
struct JobConfiguration {
  9: JobKey key
  // Deprecated: the role is in `key`.
  7: Identity owner
  // Set for cron jobs only (crontab syntax).
  4: optional string cronSchedule
  5: CronCollisionPolicy cronCollisionPolicy
  6: TaskConfig taskConfig
  8: i32 instanceCount
}

struct JobStats {
  1: i32 activeTaskCount
  2: i32 finishedTaskCount
  3: i32 failedTaskCount
  4: i32 pendingTaskCount
}

struct JobSummary {
  1: JobConfiguration job
  2: JobStats stats
  3: optional i64 nextCronRunMs
}

// Inclusive range of instance ids.
struct Range {
  1: i32 first
  2: i32 last
}

struct ConfigGroup {
  1: TaskConfig config
  3: set<Range> instances
}

struct ConfigSummary {
  1: JobKey key
  2: set<ConfigGroup> groups
}

struct PopulateJobResult {
  2: TaskConfig taskConfig
}

struct GetQuotaResult {
  1: ResourceAggregate quota
  2: optional ResourceAggregate prodSharedConsumption
  3: optional ResourceAggregate nonProdSharedConsumption
  4: optional ResourceAggregate prodDedicatedConsumption
  5: optional ResourceAggregate nonProdDedicatedConsumption
}

// The task state machine's states.
enum ScheduleStatus {
  INIT = 11,
  THROTTLED = 16,
  PENDING = 0,
  ASSIGNED = 9,
  STARTING = 1,
  RUNNING = 2,
  FINISHED = 3,
  PREEMPTING = 13,
  RESTARTING = 12,
  DRAINING = 17,
  FAILED = 4,
  KILLED = 5,
  KILLING = 6,
  LOST = 7,
  PARTITIONED = 18
}

const set<ScheduleStatus> ACTIVE_STATES = [ScheduleStatus.ASSIGNED,
                                           ScheduleStatus.DRAINING,
                                           ScheduleStatus.KILLING,
                                           ScheduleStatus.PENDING,
                                           ScheduleStatus.PREEMPTING,
                                           ScheduleStatus.RESTARTING,
                                           ScheduleStatus.RUNNING,
                                           ScheduleStatus.STARTING,
                                           ScheduleStatus.PARTITIONED,
                                           ScheduleStatus.THROTTLED]

// Non-terminal states of a task bound to an agent.
const set<ScheduleStatus> SLAVE_ASSIGNED_STATES = [ScheduleStatus.ASSIGNED,
                                                   ScheduleStatus.DRAINING,
                                                   ScheduleStatus.KILLING,
                                                   ScheduleStatus.PREEMPTING,
                                                   ScheduleStatus.RESTARTING,
                                                   ScheduleStatus.RUNNING,
                                                   ScheduleStatus.PARTITIONED,
                                                   ScheduleStatus.STARTING]

// States in which the task's sandbox is live.
const set<ScheduleStatus> LIVE_STATES = [ScheduleStatus.KILLING,
                                         ScheduleStatus.PREEMPTING,
                                         ScheduleStatus.RESTARTING,
                                         ScheduleStatus.DRAINING,
                                         ScheduleStatus.PARTITIONED,
                                         ScheduleStatus.RUNNING]

const set<ScheduleStatus> TERMINAL_STATES = [ScheduleStatus.FAILED,
                                             ScheduleStatus.FINISHED,
                                             ScheduleStatus.KILLED,
                                             ScheduleStatus.LOST]

// Valid role, environment and job names; the JVM and Python variants are the same text.
const string GOOD_IDENTIFIER_PATTERN = "^[\\w\\-\\.]+$"
const string GOOD_IDENTIFIER_PATTERN_JVM = GOOD_IDENTIFIER_PATTERN
const string GOOD_IDENTIFIER_PATTERN_PYTHON = GOOD_IDENTIFIER_PATTERN

// One state transition of a task.
struct TaskEvent {
  1: i64 timestamp
  2: ScheduleStatus status
  3: optional string message
  4: optional string scheduler
}

// A task bound to an agent (slaveId/slaveHost are empty while PENDING).
struct AssignedTask {
  1: string taskId
  2: string slaveId
  3: string slaveHost
  4: TaskConfig task
  5: map<string, i32> assignedPorts
  6: i32 instanceId
}

struct ScheduledTask {
  1: AssignedTask assignedTask
  2: ScheduleStatus status
  3: i32 failureCount
  6: i32 timesPartitioned
  4: list<TaskEvent> taskEvents
  // The task this one was rescheduled from.
  5: string ancestorId
}

struct ScheduleStatusResult {
  1: list<ScheduledTask> tasks
}

struct GetJobsResult {
  1: set<JobConfiguration> configs
}

// Matches tasks that satisfy every field that is set.
struct TaskQuery {
  14: optional string role
  9: optional string environment
  2: optional string jobName
  4: optional set<string> taskIds
  5: optional set<ScheduleStatus> statuses
  7: optional set<i32> instanceIds
  10: optional set<string> slaveHosts
  11: optional set<JobKey> jobKeys
  12: optional i32 offset
  13: optional i32 limit
}

struct HostStatus {
  1: string host
  2: MaintenanceMode mode
}

struct RoleSummary {
  1: string role
  2: i32 jobCount
  3: i32 cronJobCount
}

struct Hosts {
  1: set<string> hostNames
}

struct PendingReason {
  1: string taskId
  2: string reason
}

// The job update state machine's states.
enum JobUpdateStatus {
  ROLLING_FORWARD = 0,
  ROLLING_BACK = 1,
  ROLL_FORWARD_PAUSED = 2,
  ROLL_BACK_PAUSED = 3,
  ROLLED_FORWARD = 4,
  ROLLED_BACK = 5,
  ABORTED = 6,
  ERROR = 7,
  FAILED = 8,
  ROLL_FORWARD_AWAITING_PULSE = 9,
  ROLL_BACK_AWAITING_PULSE = 10
}

const set<JobUpdateStatus> ACTIVE_JOB_UPDATE_STATES = [JobUpdateStatus.ROLLING_FORWARD,
                                                       JobUpdateStatus.ROLLING_BACK,
                                                       JobUpdateStatus.ROLL_FORWARD_PAUSED,
                                                       JobUpdateStatus.ROLL_BACK_PAUSED,
                                                       JobUpdateStatus.ROLL_FORWARD_AWAITING_PULSE,
                                                       JobUpdateStatus.ROLL_BACK_AWAITING_PULSE]
// The name's spelling is Aurora's.
const set<JobUpdateStatus> AWAITNG_PULSE_JOB_UPDATE_STATES = [JobUpdateStatus.ROLL_FORWARD_AWAITING_PULSE,
                                                              JobUpdateStatus.ROLL_BACK_AWAITING_PULSE]

// What a job update did to one instance.
enum JobUpdateAction {
  INSTANCE_UPDATED = 1,
  INSTANCE_ROLLED_BACK = 2,
  INSTANCE_UPDATING = 3,
  INSTANCE_ROLLING_BACK = 4,
  INSTANCE_UPDATE_FAILED = 5,
  INSTANCE_ROLLBACK_FAILED = 6
}

// Answer to pulseJobUpdate.
enum JobUpdatePulseStatus {
  OK = 1,
  FINISHED = 2
}

struct JobUpdateKey {
  1: JobKey job
  2: string id
}

// At most `groupSize` instances change at a time.
struct QueueJobUpdateStrategy {
  1: i32 groupSize
}

// Instances change in groups of `groupSize`; a group starts when the previous one is done.
struct BatchJobUpdateStrategy {
  1: i32 groupSize
  2: bool autopauseAfterBatch
}

// Like BatchJobUpdateStrategy, with one size per group.
struct VariableBatchJobUpdateStrategy {
  1: list<i32> groupSizes
  2: bool autopauseAfterBatch
}

union JobUpdateStrategy {
  1: QueueJobUpdateStrategy queueStrategy
  2: BatchJobUpdateStrategy batchStrategy
  3: VariableBatchJobUpdateStrategy varBatchStrategy
}

// How a job update proceeds and when it gives up.
struct JobUpdateSettings {
  // Deprecated: use updateStrategy.
  1: i32 updateGroupSize
  2: i32 maxPerInstanceFailures
  3: i32 maxFailedInstances
  5: i32 minWaitInInstanceRunningMs
  6: bool rollbackOnFailure
  // Unset means every instance.
  7: set<Range> updateOnlyTheseInstances
  // Deprecated: use a batch updateStrategy.
  8: bool waitForBatchCompletion
  // The update blocks unless pulseJobUpdate is called at least this often.
  9: optional i32 blockIfNoPulsesAfterMs
  10: optional bool slaAware
  11: optional JobUpdateStrategy updateStrategy
}

struct JobUpdateEvent {
  1: JobUpdateStatus status
  2: i64 timestampMs
  3: optional string user
  4: optional string message
}

struct JobInstanceUpdateEvent {
  1: i32 instanceId
  2: i64 timestampMs
  3: JobUpdateAction action
  4: optional string message
}

struct InstanceTaskConfig {
  1: TaskConfig task
  2: set<Range> instances
}

struct JobUpdateState {
  1: JobUpdateStatus status
  2: i64 createdTimestampMs
  3: i64 lastModifiedTimestampMs
}

struct JobUpdateSummary {
  5: JobUpdateKey key
  3: string user
  4: JobUpdateState state
  6: optional set<Metadata> metadata
}

struct JobUpdateInstructions {
  1: set<InstanceTaskConfig> initialState
  2: InstanceTaskConfig desiredState
  3: JobUpdateSettings settings
}

struct JobUpdate {
  1: JobUpdateSummary summary
  2: JobUpdateInstructions instructions
}

struct JobUpdateDetails {
  1: JobUpdate update
  2: list<JobUpdateEvent> updateEvents
  3: list<JobInstanceUpdateEvent> instanceEvents
}

// Argument of startJobUpdate.
struct JobUpdateRequest {
  1: TaskConfig taskConfig
  2: i32 instanceCount
  3: JobUpdateSettings settings
  4: optional set<Metadata> metadata
}

// Matches job updates that satisfy every field that is set.
struct JobUpdateQuery {
  2: string role
  8: JobUpdateKey key
  3: JobKey jobKey
  4: string user
  5: set<JobUpdateStatus> updateStatuses
  6: i32 offset
  7: i32 limit
}

struct HostMaintenanceRequest {
  1: string host
  2: SlaPolicy defaultSlaPolicy
  3: i64 timeoutSecs
  4: i64 createdTimestampMs
}

struct ListBackupsResult {
  1: set<string> backups
}

struct StartMaintenanceResult {
  1: set<HostStatus> statuses
}

struct DrainHostsResult {
  1: set<HostStatus> statuses
}

struct QueryRecoveryResult {
  1: set<ScheduledTask> tasks
}

struct MaintenanceStatusResult {
  1: set<HostStatus> statuses
}

struct EndMaintenanceResult {
  1: set<HostStatus> statuses
}

struct RoleSummaryResult {
  1: set<RoleSummary> summaries
}

struct JobSummaryResult {
  1: set<JobSummary> summaries
}

struct ConfigSummaryResult {
  1: ConfigSummary summary
}

struct GetPendingReasonResult {
  1: set<PendingReason> reasons
}

struct StartJobUpdateResult {
  1: JobUpdateKey key
  2: optional JobUpdateSummary updateSummary
}

struct GetJobUpdateSummariesResult {
  1: list<JobUpdateSummary> updateSummaries
}

struct GetJobUpdateDetailsResult {
  // Deprecated: use detailsList.
  1: JobUpdateDetails details
  2: list<JobUpdateDetails> detailsList
}

struct PulseJobUpdateResult {
  1: JobUpdatePulseStatus status
}

struct GetJobUpdateDiffResult {
  1: set<ConfigGroup> add
  2: set<ConfigGroup> remove
  3: set<ConfigGroup> update
  4: set<ConfigGroup> unchanged
}

struct TierConfig {
  1: string name
  2: map<string, string> settings
}

struct GetTierConfigResult {
  1: string defaultTierName
  2: set<TierConfig> tiers
}

struct ServerInfo {
  1: string clusterName
  3: string statsUrlPrefix
}

// The payload of a Response: one member per call that returns data.
union Result {
  1: PopulateJobResult populateJobResult
  3: ScheduleStatusResult scheduleStatusResult
  4: GetJobsResult getJobsResult
  5: GetQuotaResult getQuotaResult
  6: ListBackupsResult listBackupsResult
  7: StartMaintenanceResult startMaintenanceResult
  8: DrainHostsResult drainHostsResult
  9: QueryRecoveryResult queryRecoveryResult
  10: MaintenanceStatusResult maintenanceStatusResult
  11: EndMaintenanceResult endMaintenanceResult
  17: RoleSummaryResult roleSummaryResult
  18: JobSummaryResult jobSummaryResult
  20: ConfigSummaryResult configSummaryResult
  21: GetPendingReasonResult getPendingReasonResult
  22: StartJobUpdateResult startJobUpdateResult
  23: GetJobUpdateSummariesResult getJobUpdateSummariesResult
  24: GetJobUpdateDetailsResult getJobUpdateDetailsResult
  25: PulseJobUpdateResult pulseJobUpdateResult
  26: GetJobUpdateDiffResult getJobUpdateDiffResult
  27: GetTierConfigResult getTierConfigResult
}

struct ResponseDetail {
  1: string message
}

// What every API call returns.
struct Response {
  1: ResponseCode responseCode
  5: ServerInfo serverInfo
  3: optional Result result
  // Warnings and other notes from the scheduler.
  6: list<ResponseDetail> details
}

// Calls that only read the scheduler's state.
service ReadOnlyScheduler {
  Response getRoleSummary()
  // An empty role means every role.
  Response getJobSummary(1: string role)
  Response getTasksStatus(1: TaskQuery query)
  // Like getTasksStatus, without executorConfig data (smaller answers).
  Response getTasksWithoutConfigs(1: TaskQuery query)
  // Why PENDING tasks are still pending.
  Response getPendingReason(1: TaskQuery query)
  Response getConfigSummary(1: JobKey job)
  // An empty ownerRole means every role.
  Response getJobs(1: string ownerRole)
  Response getQuota(1: string ownerRole)
  // The task config the scheduler would run for `description`.
  Response populateJobConfig(1: JobConfiguration description)
  Response getJobUpdateSummaries(1: JobUpdateQuery jobUpdateQuery)
  // `key` is deprecated in favour of `query`.
  Response getJobUpdateDetails(1: JobUpdateKey key, 2: JobUpdateQuery query)
  Response getJobUpdateDiff(1: JobUpdateRequest request)
  Response getTierConfigs()
}

// Calls a job owner makes.
service AuroraSchedulerManager extends ReadOnlyScheduler {
  // Fails when the job already exists.
  Response createJob(1: JobConfiguration description)
  // Adds or replaces a cron schedule entry; does not start a run.
  Response scheduleCronJob(1: JobConfiguration description)
  Response descheduleCronJob(4: JobKey job)
  // Runs a cron job now.
  Response startCronJob(4: JobKey job)
  Response restartShards(5: JobKey job, 3: set<i32> shardIds)
  Response killTasks(4: JobKey job, 5: set<i32> instances, 6: string message)
  // Adds `count` instances copying the config of the instance `key`.
  Response addInstances(3: InstanceKey key, 4: i32 count)
  Response replaceCronTemplate(1: JobConfiguration config)
  Response startJobUpdate(1: JobUpdateRequest request, 3: string message)
  Response pauseJobUpdate(1: JobUpdateKey key, 3: string message)
  Response resumeJobUpdate(1: JobUpdateKey key, 3: string message)
  // Stops the update for good; its history stays.
  Response abortJobUpdate(1: JobUpdateKey key, 3: string message)
  Response rollbackJobUpdate(1: JobUpdateKey key, 2: string message)
  // Keeps an update with blockIfNoPulsesAfterMs going.
  Response pulseJobUpdate(1: JobUpdateKey key)
}

struct ExplicitReconciliationSettings {
  1: optional i32 batchSize
}

// Calls a cluster operator makes.
service AuroraAdmin extends AuroraSchedulerManager {
  // Replaces the role's quota.
  Response setQuota(1: string ownerRole, 2: ResourceAggregate quota)
  // Asks the state machine to move a task to `status`.
  Response forceTaskState(1: string taskId, 2: ScheduleStatus status)
  Response performBackup()
  Response listBackups()
  // Loads a backup into memory; the other recovery calls work on it.
  Response stageRecovery(1: string backupId)
  Response queryRecovery(1: TaskQuery query)
  Response deleteRecoveryTasks(1: TaskQuery query)
  // Replaces the storage with the staged recovery.
  Response commitRecovery()
  Response unloadRecovery()
  Response startMaintenance(1: Hosts hosts)
  Response drainHosts(1: Hosts hosts)
  Response maintenanceStatus(1: Hosts hosts)
  Response endMaintenance(1: Hosts hosts)
  // Drains hosts while honouring each task's SLA (defaultSlaPolicy when a task has none).
  Response slaDrainHosts(1: Hosts hosts, 2: SlaPolicy defaultSlaPolicy, 3: i64 timeoutSecs)
  // Writes a storage snapshot and waits for it.
  Response snapshot()
  Response triggerExplicitTaskReconciliation(1: ExplicitReconciliationSettings settings)
  Response triggerImplicitTaskReconciliation()
  // Deletes terminal tasks that match (all terminal states when no status is given).
  Response pruneTasks(1: TaskQuery query)
}

// HTTP header that makes a non-leading scheduler answer instead of redirecting.
const string BYPASS_LEADER_REDIRECT_HEADER_NAME = 'Bypass-Leader-Redirect'

// Where a task's image filesystem is mounted (Mesos containerizer with an image).
const string TASK_FILESYSTEM_MOUNT_POINT = 'taskfs'
