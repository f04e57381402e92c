"""What users see of a run: summary tables, figures and the CLI's console layout."""
