"""Reading reports from files, folders, pages, feeds and archives into ``Article`` records."""
