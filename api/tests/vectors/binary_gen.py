#!/usr/bin/env python3
"""Prints the binary-protocol bytes Apache Thrift's Python runtime writes for the values that
api/tests/binary_vectors.rs checks, as `NAME HEX` lines to paste into that file.

The Python types are generated from our own api/thrift/api.thrift; rerun after changing it:

    python3 -m venv /tmp/thriftpy && /tmp/thriftpy/bin/pip install thrift==0.25.0
    /tmp/thriftpy/bin/python api/tests/vectors/binary_gen.py     # needs `thrift` (0.17+)

Sets are given as lists in the order our Rust types iterate them (BTreeSet, i.e. the derived
`Ord`: unions by member declaration order, structs field by field in id order), and maps in
sorted key order, so that both sides write identical bytes; Python writes whatever order the
iterable has. Generated Python structs are not hashable, so real sets would not work anyway.
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
IDL = os.path.join(HERE, "..", "..", "thrift", "api.thrift")

out = tempfile.mkdtemp()
subprocess.run(["thrift", "--gen", "py", "-out", out, IDL], check=True)
sys.path.insert(0, out)

from thrift.protocol.TBinaryProtocol import TBinaryProtocol  # noqa: E402
from thrift.transport.TTransport import TMemoryBuffer  # noqa: E402
from gen.apache.aurora.api.ttypes import (  # noqa: E402
    Constraint, Container, ExecutorConfig, Identity, JobKey, LimitConstraint, MesosContainer,
    Mode, Resource, Response, ResponseCode, ResponseDetail, Result, ServerInfo, TaskConfig,
    TaskConstraint, ValueConstraint, Volume, GetJobsResult, JobConfiguration,
    CronCollisionPolicy,
)


def hexdump(value):
    buf = TMemoryBuffer()
    value.write(TBinaryProtocol(buf))  # strict writes, as the Rust side
    return buf.getvalue().hex()


job_key = JobKey(role="www-data", environment="prod", name="hello")

task = TaskConfig(
    job=job_key,
    owner=Identity(user="aurora"),
    isService=True,
    priority=0,
    maxTaskFailures=1,
    production=False,
    tier="preferred",
    resources=[Resource(numCpus=0.5), Resource(ramMb=128), Resource(diskMb=256),
               Resource(namedPort="http")],
    constraints=[
        Constraint(name="host", constraint=TaskConstraint(limit=LimitConstraint(limit=1))),
        Constraint(name="rack", constraint=TaskConstraint(
            value=ValueConstraint(negated=False, values=["a", "b"]))),
    ],
    taskLinks={"http": "http://%host%:%port:http%", "logs": "/logs/%task_id%"},
    executorConfig=ExecutorConfig(name="AuroraExecutor", data='{"name": "hello"}'),
    container=Container(mesos=MesosContainer(volumes=[
        Volume(containerPath="/data", hostPath="/srv/data", mode=Mode.RO)])),
)

response = Response(
    responseCode=ResponseCode.OK,
    serverInfo=ServerInfo(clusterName="devcluster", statsUrlPrefix=""),
    result=Result(getJobsResult=GetJobsResult(configs=[JobConfiguration(
        key=job_key, owner=Identity(user="aurora"), cronSchedule="*/5 * * * *",
        cronCollisionPolicy=CronCollisionPolicy.CANCEL_NEW, instanceCount=2)])),
    details=[ResponseDetail(message="caf\u00e9 \u2713")],
)

for name, value in [("JOB_KEY", job_key), ("TASK_CONFIG", task), ("RESPONSE", response)]:
    print(name, hexdump(value))
