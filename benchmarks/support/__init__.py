"""What the benchmark scripts share: isolation and child processes (``common``), the UI
thread's tick recorder (``ticks``), layout/paint timing (``ui_timing``), fake servers in
child processes, history seeding, the test photo, and the parts of the larger scenarios.

Top-level scripts in ``benchmarks/`` import from here and never from each other.
"""
