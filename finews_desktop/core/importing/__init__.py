"""Files, folders and zips into the library: finding post files, reading them in worker processes, writing batches."""
