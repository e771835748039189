"""Jobvault client for Python: the HTTP API and a remote Worker, standard library only."""
from .client import TERMINAL_STATES, JobEvent, JobvaultClient, Page
from .errors import ChecksumMismatch, JobvaultError
from .worker import Fail, JobContext, Retry, Snooze, Stopped, Worker

__all__ = ["JobvaultClient", "JobvaultError", "ChecksumMismatch", "Page", "JobEvent", "TERMINAL_STATES",
           "Worker", "JobContext", "Snooze", "Retry", "Fail", "Stopped"]
__version__ = "0.1.0"
