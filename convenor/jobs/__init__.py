"""Background jobs that recover: who is running a job, when it last said so, and what a
stopped one needs to be run again or discarded. See ``runs.py``."""
