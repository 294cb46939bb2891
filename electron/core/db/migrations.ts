/**
 * Schema migrations, applied in order; PRAGMA user_version records how many ran.
 * Never edit a migration that has shipped: append a new one.
 */
export const migrations: string[] = [
  `
  -- Organizer's library of imported real scans (never shown to readers as such).
  CREATE TABLE library_series (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('dicom', 'nifti', 'phantom')),
    modality TEXT NOT NULL,
    width INTEGER NOT NULL, height INTEGER NOT NULL, depth INTEGER NOT NULL,
    spacing TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
  );
  CREATE TABLE generators (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    model_path TEXT NOT NULL,
    manifest TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
  );
  CREATE TABLE studies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    parent_id INTEGER REFERENCES studies(id),
    design TEXT NOT NULL,
    seal_salt BLOB NOT NULL,
    seal_check BLOB NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
  );
  -- A case holds pixels in the study's case format; its truth exists only sealed.
  CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    training INTEGER NOT NULL DEFAULT 0,
    width INTEGER NOT NULL, height INTEGER NOT NULL, depth INTEGER NOT NULL,
    pixels BLOB NOT NULL,
    truth_sealed BLOB NOT NULL,
    -- Training cases show their truth after each answer, so it is kept openly there alone.
    training_truth TEXT
  );
  CREATE INDEX cases_study ON cases(study_id);
  CREATE TABLE readers (
    id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    pin_hash BLOB,
    pin_salt BLOB,
    language TEXT NOT NULL DEFAULT 'en',
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    UNIQUE (study_id, name)
  );
  -- Each reader's own order; token is the only name the renderer knows a case by.
  CREATE TABLE reader_cases (
    reader_id INTEGER NOT NULL REFERENCES readers(id) ON DELETE CASCADE,
    phase TEXT NOT NULL CHECK (phase IN ('training', 'study')),
    position INTEGER NOT NULL,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    token TEXT NOT NULL UNIQUE,
    repeat_of INTEGER,
    PRIMARY KEY (reader_id, phase, position)
  );
  CREATE TABLE scores (
    id INTEGER PRIMARY KEY,
    reader_id INTEGER NOT NULL REFERENCES readers(id) ON DELETE CASCADE,
    phase TEXT NOT NULL,
    position INTEGER NOT NULL,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    realism INTEGER,
    call TEXT CHECK (call IN ('real', 'synthetic')),
    confidence INTEGER,
    rating6 INTEGER,
    free_text TEXT,
    roi TEXT,
    first_answer_ms INTEGER,
    total_ms INTEGER,
    visits INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (reader_id, phase, position)
  );
  CREATE TABLE score_history (
    id INTEGER PRIMARY KEY,
    score_id INTEGER NOT NULL REFERENCES scores(id) ON DELETE CASCADE,
    previous TEXT NOT NULL,
    replaced_at TEXT NOT NULL
  );
  `,
  `
  -- Study identity for distribution (session bundles): a stable random uid for the study, its cases
  -- and readers, so that a study installed on a workstation maps back to the organizer's rows,
  -- and a random per-study secret from which the bundle HMAC key is derived.
  -- SQLite cannot default a column to randomblob(), so the triggers fill in new rows.
  ALTER TABLE studies ADD COLUMN uid TEXT;
  ALTER TABLE studies ADD COLUMN bundle_secret BLOB;
  ALTER TABLE cases ADD COLUMN uid TEXT;
  ALTER TABLE readers ADD COLUMN uid TEXT;
  UPDATE studies SET uid = lower(hex(randomblob(16))), bundle_secret = randomblob(32);
  UPDATE cases SET uid = lower(hex(randomblob(16)));
  UPDATE readers SET uid = lower(hex(randomblob(16)));
  CREATE UNIQUE INDEX studies_uid ON studies(uid);
  CREATE UNIQUE INDEX cases_uid ON cases(uid);
  CREATE UNIQUE INDEX readers_uid ON readers(uid);
  CREATE TRIGGER studies_identity AFTER INSERT ON studies WHEN NEW.uid IS NULL OR NEW.bundle_secret IS NULL BEGIN
    UPDATE studies SET uid = coalesce(uid, lower(hex(randomblob(16)))), bundle_secret = coalesce(bundle_secret, randomblob(32)) WHERE id = NEW.id;
  END;
  CREATE TRIGGER cases_identity AFTER INSERT ON cases WHEN NEW.uid IS NULL BEGIN
    UPDATE cases SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
  END;
  CREATE TRIGGER readers_identity AFTER INSERT ON readers WHEN NEW.uid IS NULL BEGIN
    UPDATE readers SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
  END;
  -- Session bundles already merged into a study: re-importing one (same HMAC) changes nothing.
  CREATE TABLE imported_bundles (
    id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    bundle_uid TEXT NOT NULL,
    hmac TEXT NOT NULL,
    workstation TEXT NOT NULL,
    app_version TEXT NOT NULL,
    file TEXT NOT NULL,
    imported INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    imported_at TEXT NOT NULL DEFAULT (datetime('now')),
    UNIQUE (study_id, hmac)
  );
  -- A bundle's score that disagreed with the stored one; ours is kept, theirs is recorded here.
  CREATE TABLE bundle_conflicts (
    id INTEGER PRIMARY KEY,
    bundle_id INTEGER NOT NULL REFERENCES imported_bundles(id) ON DELETE CASCADE,
    score_id INTEGER NOT NULL REFERENCES scores(id) ON DELETE CASCADE,
    ours TEXT NOT NULL,
    theirs TEXT NOT NULL
  );
  `,
];
