-- schema.sql: the ostrec catalog database. Built from data/catalog.csv,
-- never committed. Applied by ostrec_open, in one transaction, only when it
-- creates a catalog or upgrades an older one (PRAGMA user_version below the
-- library's schema version); every statement is idempotent. A change here
-- bumps CATALOG_SCHEMA_VERSION in engine/store.c.

-- What the catalog was last prepared with: 'vocab_hash', the hash of the
-- vocabulary its vocabulary tables were written from; and 'generation', a
-- number every change to the songs, their genres, moods or credits moves on
-- (the triggers at the end; an import drops them for its transaction and
-- moves it on once), so a kept index knows whether it was built from the
-- catalog as it is. It starts at a random number, so that a catalog replaced
-- by another one does not meet the other's index with the same generation.
CREATE TABLE IF NOT EXISTS ostrec_meta (
    key   TEXT PRIMARY KEY,
    value ANY NOT NULL
) WITHOUT ROWID;

INSERT OR IGNORE INTO ostrec_meta (key, value) VALUES ('generation', random() & 0x7FFFFFFFFFFF);

-- The controlled vocabularies, written from the vocabulary file when it differs
-- from the one recorded in ostrec_meta.
CREATE TABLE IF NOT EXISTS genres       (id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS moods        (id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vocal_styles (id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS artist_types (id TEXT PRIMARY KEY) WITHOUT ROWID;

-- title_romanized: the Revised Romanization of title_ko, for a song released
-- with a Korean title only (`title` then holds what English sources call it).
CREATE TABLE IF NOT EXISTS songs (
    id           INTEGER PRIMARY KEY CHECK (id > 0),
    title        TEXT NOT NULL CHECK (title <> ''),
    title_ko     TEXT NOT NULL DEFAULT '',
    artist       TEXT NOT NULL CHECK (artist <> ''),
    artist_ko    TEXT NOT NULL DEFAULT '',
    drama        TEXT NOT NULL CHECK (drama <> ''),
    drama_ko     TEXT NOT NULL DEFAULT '',
    year         INTEGER NOT NULL,
    ost_part     INTEGER NOT NULL DEFAULT 0 CHECK (ost_part >= 0),
    instrumental INTEGER NOT NULL CHECK (instrumental IN (0, 1)),
    vocal_style  TEXT NOT NULL REFERENCES vocal_styles (id),
    artist_type  TEXT NOT NULL REFERENCES artist_types (id),
    source       TEXT NOT NULL CHECK (source <> ''),
    title_romanized TEXT NOT NULL DEFAULT ''
);

-- Multi-valued features keep their order: position 0 is the most characteristic.
CREATE TABLE IF NOT EXISTS song_genres (
    song_id  INTEGER NOT NULL REFERENCES songs (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    genre    TEXT NOT NULL REFERENCES genres (id),
    PRIMARY KEY (song_id, position),
    UNIQUE (song_id, genre)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS song_moods (
    song_id  INTEGER NOT NULL REFERENCES songs (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    mood     TEXT NOT NULL REFERENCES moods (id),
    PRIMARY KEY (song_id, position),
    UNIQUE (song_id, mood)
) WITHOUT ROWID;

-- The people and groups songs are credited to: a row per person (or group
-- credited as one) with one canonical English name, the Korean name, the
-- other spellings, one artist type, and the groups a person belongs to.
CREATE TABLE IF NOT EXISTS artists (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (name <> ''),
    name_ko     TEXT NOT NULL DEFAULT '',
    artist_type TEXT REFERENCES artist_types (id)
);

CREATE TABLE IF NOT EXISTS artist_aliases (
    artist_id INTEGER NOT NULL REFERENCES artists (id) ON DELETE CASCADE,
    alias     TEXT NOT NULL CHECK (alias <> ''),
    PRIMARY KEY (artist_id, alias)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS artist_groups (
    member_id INTEGER NOT NULL REFERENCES artists (id) ON DELETE CASCADE,
    group_id  INTEGER NOT NULL REFERENCES artists (id) ON DELETE CASCADE,
    PRIMARY KEY (member_id, group_id)
) WITHOUT ROWID;

-- A song's credits in order: position 0 is the first credited artist;
-- featured is 1 for a "feat." credit.
CREATE TABLE IF NOT EXISTS song_credits (
    song_id   INTEGER NOT NULL REFERENCES songs (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    artist_id INTEGER NOT NULL REFERENCES artists (id),
    featured  INTEGER NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
    PRIMARY KEY (song_id, position),
    UNIQUE (song_id, artist_id)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS song_credits_by_artist ON song_credits (artist_id);

-- Every name an artist is found by: its own name, Korean name and aliases,
-- and those of the groups it belongs to (searching a group finds its
-- members' songs).
CREATE VIEW IF NOT EXISTS artist_names (artist_id, name) AS
    SELECT id, name FROM artists
    UNION ALL SELECT id, name_ko FROM artists WHERE name_ko <> ''
    UNION ALL SELECT artist_id, alias FROM artist_aliases
    UNION ALL SELECT g.member_id, a.name FROM artist_groups g JOIN artists a ON a.id = g.group_id
    UNION ALL SELECT g.member_id, a.name_ko FROM artist_groups g JOIN artists a ON a.id = g.group_id
        WHERE a.name_ko <> ''
    UNION ALL SELECT g.member_id, l.alias FROM artist_groups g JOIN artist_aliases l ON l.artist_id = g.group_id;

CREATE INDEX IF NOT EXISTS song_genres_by_genre ON song_genres (genre);
CREATE INDEX IF NOT EXISTS song_moods_by_mood ON song_moods (mood);

-- Full-text search: the trigram tokenizer matches any part of a word, in Latin
-- letters (case-insensitively) and in Hangul alike.
CREATE VIRTUAL TABLE IF NOT EXISTS songs_fts USING fts5 (
    title, title_ko, artist, artist_ko, drama, drama_ko, title_romanized,
    content = 'songs', content_rowid = 'id', tokenize = 'trigram'
);

CREATE TRIGGER IF NOT EXISTS songs_fts_insert AFTER INSERT ON songs BEGIN
    INSERT INTO songs_fts (rowid, title, title_ko, artist, artist_ko, drama, drama_ko, title_romanized)
    VALUES (new.id, new.title, new.title_ko, new.artist, new.artist_ko, new.drama, new.drama_ko, new.title_romanized);
END;

CREATE TRIGGER IF NOT EXISTS songs_fts_delete AFTER DELETE ON songs BEGIN
    INSERT INTO songs_fts (songs_fts, rowid, title, title_ko, artist, artist_ko, drama, drama_ko, title_romanized)
    VALUES ('delete', old.id, old.title, old.title_ko, old.artist, old.artist_ko, old.drama, old.drama_ko, old.title_romanized);
END;

CREATE TRIGGER IF NOT EXISTS songs_fts_update AFTER UPDATE ON songs BEGIN
    INSERT INTO songs_fts (songs_fts, rowid, title, title_ko, artist, artist_ko, drama, drama_ko, title_romanized)
    VALUES ('delete', old.id, old.title, old.title_ko, old.artist, old.artist_ko, old.drama, old.drama_ko, old.title_romanized);
    INSERT INTO songs_fts (rowid, title, title_ko, artist, artist_ko, drama, drama_ko, title_romanized)
    VALUES (new.id, new.title, new.title_ko, new.artist, new.artist_ko, new.drama, new.drama_ko, new.title_romanized);
END;

-- Every change to what an index is built from moves the generation on.
CREATE TRIGGER IF NOT EXISTS songs_generation_insert AFTER INSERT ON songs BEGIN
    UPDATE ostrec_meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS songs_generation_update AFTER UPDATE ON songs BEGIN
    UPDATE ostrec_meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS songs_generation_delete AFTER DELETE ON songs BEGIN
    UPDATE ostrec_meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS song_genres_generation_insert AFTER INSERT ON song_genres BEGIN
    UPDATE ostrec_meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS song_genres_generation_update AFTER UPDATE ON song_genres BEGIN
    UPDATE ostrec_meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS song_genres_generation_delete AFTER DELETE ON song_genres BEGIN
    UPDATE ostrec_meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS song_moods_generation_insert AFTER INSERT ON song_moods BEGIN
    UPDATE ostrec_meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS song_moods_generation_update AFTER UPDATE ON song_moods BEGIN
    UPDATE ostrec_meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS song_moods_generation_delete AFTER DELETE ON song_moods BEGIN
    UPDATE ostrec_meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS song_credits_generation_insert AFTER INSERT ON song_credits BEGIN
    UPDATE ostrec_meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS song_credits_generation_update AFTER UPDATE ON song_credits BEGIN
    UPDATE ostrec_meta SET value = value + 1 WHERE key = 'generation';
END;
CREATE TRIGGER IF NOT EXISTS song_credits_generation_delete AFTER DELETE ON song_credits BEGIN
    UPDATE ostrec_meta SET value = value + 1 WHERE key = 'generation';
END;

-- Profiles: what a person likes, dislikes and plays (README.md, "For me").
-- Kept apart from the catalog: no foreign key leads from here to songs, so
-- re-importing or replacing the songs never deletes a row of a profile; a
-- song id the catalog no longer has is left out of recommendations and
-- counted as missing. Times are seconds since 1970-01-01 UTC.
CREATE TABLE IF NOT EXISTS profiles (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64)
);

-- opinion: 1 liked, -1 disliked; one per song.
CREATE TABLE IF NOT EXISTS profile_opinions (
    profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    song_id    INTEGER NOT NULL,
    opinion    INTEGER NOT NULL CHECK (opinion IN (-1, 1)),
    at         INTEGER NOT NULL,
    PRIMARY KEY (profile_id, song_id)
) WITHOUT ROWID;

-- A play (played_at > 0, origin '') or a playlist entry (played_at 0, origin
-- the playlist's file name): kept once, so a history imported twice adds
-- nothing. ms_played and skipped are NULL when the file does not say.
CREATE TABLE IF NOT EXISTS profile_plays (
    profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    song_id    INTEGER NOT NULL,
    played_at  INTEGER NOT NULL CHECK (played_at >= 0),
    origin     TEXT NOT NULL DEFAULT '',
    ms_played  INTEGER CHECK (ms_played >= 0),
    skipped    INTEGER CHECK (skipped IN (0, 1)),
    PRIMARY KEY (profile_id, song_id, played_at, origin)
) WITHOUT ROWID;
