-- schema.sql: the ostrec catalog database. Built from data/catalog.csv,
-- never committed. Applied by ostrec_open, in one transaction, only when it
-- creates a catalog or upgrades an older one (PRAGMA user_version below the
-- library's schema version); every statement is idempotent. A change here
-- bumps CATALOG_SCHEMA_VERSION in engine/store.c.

-- What the catalog was last prepared with: 'vocab_hash', the hash of the
-- vocabulary its vocabulary tables were written from; and 'generation', a
-- number every change to the songs, their genres or their moods moves on
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
    source       TEXT NOT NULL CHECK (source <> '')
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

CREATE INDEX IF NOT EXISTS song_genres_by_genre ON song_genres (genre);
CREATE INDEX IF NOT EXISTS song_moods_by_mood ON song_moods (mood);

-- Full-text search: the trigram tokenizer matches any part of a word, in Latin
-- letters (case-insensitively) and in Hangul alike.
CREATE VIRTUAL TABLE IF NOT EXISTS songs_fts USING fts5 (
    title, title_ko, artist, artist_ko, drama, drama_ko,
    content = 'songs', content_rowid = 'id', tokenize = 'trigram'
);

CREATE TRIGGER IF NOT EXISTS songs_fts_insert AFTER INSERT ON songs BEGIN
    INSERT INTO songs_fts (rowid, title, title_ko, artist, artist_ko, drama, drama_ko)
    VALUES (new.id, new.title, new.title_ko, new.artist, new.artist_ko, new.drama, new.drama_ko);
END;

CREATE TRIGGER IF NOT EXISTS songs_fts_delete AFTER DELETE ON songs BEGIN
    INSERT INTO songs_fts (songs_fts, rowid, title, title_ko, artist, artist_ko, drama, drama_ko)
    VALUES ('delete', old.id, old.title, old.title_ko, old.artist, old.artist_ko, old.drama, old.drama_ko);
END;

CREATE TRIGGER IF NOT EXISTS songs_fts_update AFTER UPDATE ON songs BEGIN
    INSERT INTO songs_fts (songs_fts, rowid, title, title_ko, artist, artist_ko, drama, drama_ko)
    VALUES ('delete', old.id, old.title, old.title_ko, old.artist, old.artist_ko, old.drama, old.drama_ko);
    INSERT INTO songs_fts (rowid, title, title_ko, artist, artist_ko, drama, drama_ko)
    VALUES (new.id, new.title, new.title_ko, new.artist, new.artist_ko, new.drama, new.drama_ko);
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
