"""The entry point: options, then one running app per data folder, then the app itself.

Kept apart from ``app`` so that a second launch on a data folder already in use (which only
hands its files to the running app and exits) never loads the widgets, the window or the
history: it costs an interpreter start, the options and, without ``--data-dir``, Qt's core
module (for the platform's app-data folder).
"""

from __future__ import annotations

import dataclasses
import sys

from dynaspark_desktop.options import default_data_dir, parse_options


def main(argv: list[str] | None = None) -> int:
    options = parse_options(sys.argv[1:] if argv is None else argv)
    if options.self_check:
        from dynaspark_desktop.self_check import run_self_check

        return run_self_check()
    data_dir = options.data_dir or default_data_dir()
    # Before the window and the history: a second launch on this data folder hands its files
    # to the running app and ends here, touching nothing of the running one's.
    from dynaspark_desktop.core.single_instance import claim_or_hand_over

    claim, claim_problem = claim_or_hand_over(data_dir, options.files)
    if claim is None and claim_problem is None:
        return 0
    from dynaspark_desktop.platform_check import report_missing_libraries

    if report_missing_libraries():  # Qt would abort with a message naming no package
        if claim is not None:
            claim.release()
        return 1
    # This launch is the app: its log and error hooks come first, so that anything failing
    # from here on (Qt, the window, the history) is in the log file with its traceback.
    from dynaspark_desktop.core.logs import setup_logging
    from dynaspark_desktop.error_hooks import install_early_hooks, report_startup_failure

    log_handler = setup_logging(data_dir)
    install_early_hooks()
    try:
        from dynaspark_desktop.app_loop import run

        options = dataclasses.replace(options, data_dir=data_dir)
        return run(options, claim, claim_problem, log_handler)
    except Exception as error:
        if claim is not None:
            claim.release()  # the next launch must start, not hand over to nobody
        return report_startup_failure(error, log_handler)
