-- A video self-introduction (optional): video is a file name under the
-- data folder's videos/; its words are stored as an answer (question_id
-- 'video') so they feed the profile like any answer, and its subtitles as
-- the transcript's timed segments (JSON). video_public is the worker's
-- explicit consent to show it on the public card page; off by default.
ALTER TABLE interviews ADD COLUMN video TEXT;
ALTER TABLE interviews ADD COLUMN video_public INTEGER NOT NULL DEFAULT 0 CHECK (video_public IN (0, 1));
ALTER TABLE interviews ADD COLUMN video_duration_s REAL;
ALTER TABLE interviews ADD COLUMN video_segments TEXT;
