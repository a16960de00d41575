// Placeholder; filled by the sample-run work.
