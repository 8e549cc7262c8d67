"""``python -m dynaspark_desktop`` starts the app."""

from dynaspark_desktop.app import main

raise SystemExit(main())
