-- Key/value facts about the build (time, sources directory, version, duration).
SELECT key, value FROM build_info ORDER BY key;
