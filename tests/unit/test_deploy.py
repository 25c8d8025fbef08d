"""deploy/jobs.yaml as Toolforge reads it: parsed by the jobs framework's own client.

``toolforge jobs load FILE`` turns every job of the file into the arguments of
``toolforge jobs run`` and validates them with the same parser and checks
(``jobs_cli.cli``: ``_job_to_arg_parser_args``, ``arg_parser``, ``get_api_payload``);
this test runs exactly those on our file, so an unknown key, a wrong value or a
combination the framework refuses (e.g. ``retry`` on a continuous job) fails here.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from jobs_cli.cli import _job_to_arg_parser_args, arg_parser, get_api_payload

JOBS = Path(__file__).resolve().parents[2] / "deploy" / "jobs.yaml"


def payloads() -> list[dict[str, object]]:
    jobs = yaml.safe_load(JOBS.read_text(encoding="utf-8"))
    out = []
    for job in jobs:
        args = arg_parser(["run", *_job_to_arg_parser_args(job=copy.deepcopy(job))])
        out.append(get_api_payload(args))
    return out


def test_one_continuous_job_that_serves() -> None:
    (job,) = payloads()
    assert job["job_type"] == "continuous" and job["name"] == "editathon"
    assert job["imagename"] == "python3.11"
    assert "exec $HOME/pyvenv/bin/editathon serve" in str(job["cmd"])
    assert job["filelog"] is True and job["emails"] == "onfailure"
    assert job["memory"] == "512Mi" and job["cpu"] == "0.5"


def test_the_client_refuses_what_toolforge_refuses() -> None:
    """The check can fail: a key the framework does not know, or retry on a continuous job."""
    job = yaml.safe_load(JOBS.read_text(encoding="utf-8"))[0]
    with pytest.raises(SystemExit):
        arg_parser(["run", *_job_to_arg_parser_args(job={**job, "memory": "1Gi"})])
    with pytest.raises(Exception, match="retry is only valid"):
        get_api_payload(arg_parser(["run", *_job_to_arg_parser_args(job={**job, "retry": 2})]))
