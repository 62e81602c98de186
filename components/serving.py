"""How the dashboard's server process spends its time between runs: what is done once per process, not per run.

Streamlit 1.67 runs a full garbage collection (``gc.collect(2)``) after every run of the script, by default (the
hidden option ``runner.postScriptGC``). On this app that was about half the server's CPU per toggle: measured with
``benchmarks/load_ws.py`` at 10 and 20 sessions, 72-80 ms of CPU per toggle with it, 29-34 ms without, with the
same memory (docs/deployment.md, Capacity). Python's own generational collector still runs; only the forced full
collection after each run is skipped. An operator who sets the option (config file, ``--runner.postScriptGC``, or
``STREAMLIT_RUNNER_POST_SCRIPT_GC``) keeps their choice.
"""

from __future__ import annotations

from streamlit import config

_tuned = False


def skip_post_run_gc() -> bool:
    """Turn Streamlit's full collection after every run off, once per process, unless the operator set it.

    Returns
    -------
    bool
        True when the option is off after the call (set here, or by the operator).
    """
    global _tuned
    if not _tuned:
        _tuned = True
        if not config.is_manually_set("runner.postScriptGC"):
            config.set_option("runner.postScriptGC", False, where_defined="components/serving.py")
    return not config.get_option("runner.postScriptGC")
