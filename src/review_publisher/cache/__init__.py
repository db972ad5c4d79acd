"""What a build keeps on disk for the next one: results stored under keys that only this machine can make."""
