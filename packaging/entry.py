"""The bundle's entry point (PyInstaller runs this file as its main script)."""

from dynaspark_desktop.launch import main

raise SystemExit(main())
