-- A short code a worker types (or scans) to carry on an interview on a
-- shared kiosk, where the browser must not remember it. Six digits, valid
-- until resume_until; unique among the codes that are set.
ALTER TABLE interviews ADD COLUMN resume_code TEXT;
ALTER TABLE interviews ADD COLUMN resume_until INTEGER;
CREATE UNIQUE INDEX interviews_resume_code ON interviews (resume_code) WHERE resume_code IS NOT NULL;
