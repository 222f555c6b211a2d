"""Running the assistant as several processes: `make cluster`'s launcher, its nginx and supervisord configuration."""
