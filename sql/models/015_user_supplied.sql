-- Indicators holding values from a user's own file (`atlas import` or the upload page write
-- sources named user_*): every reader labels them as user-supplied.
ALTER TABLE indicators ADD COLUMN user_supplied BOOLEAN DEFAULT false;
UPDATE indicators
SET user_supplied = origin = 'user' OR indicator_id IN (
    SELECT indicator_id FROM observations WHERE starts_with(source, 'user_')
);
