-- Write everything into the database file, so the finished file needs no .wal beside it.
CHECKPOINT;
