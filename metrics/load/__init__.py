"""Load and check: settings, milestones, ladders, sources, provinces and reports into one checked Dataset."""
