"""``python -m dynaspark_desktop`` starts the app."""

from dynaspark_desktop.launch import main

raise SystemExit(main())
